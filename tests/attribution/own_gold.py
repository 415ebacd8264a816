"""Who the pages in tests/attribution/pages/ name and quote, and whom they cite, read by hand as an editor reads
them (written from the pages before the rules that find people and outlets were).

Per page (file prefix):
* "outlets": every outlet the page names as its publisher or in its citation chain, with its kind; a city
  dateline ("تهران -") is not an outlet.
* "people": every named person the page gives a role, with the role as the page states it (fixture people by
  their slug, with the role they held on the page's date; on an undated page, the title the page uses). A
  title with no name, an organisation or its office («روابط عمومی ...»), a reporter («گزارش از: ...») is nobody.
  A named person with a role who is only mentioned (narration) is a person, but speaks nowhere.
* "kicker"/"title"/"lead"/"paragraphs": who speaks in each part, as in gold.py (a kicker is a label; "X ...:" as
  a kicker gives X the title; a headline "<person or their title>: ..." is theirs; narration is nobody's).

Editorial decisions:
* 901 ¶3 "در این نشست حمیدرضا صالحیان معاون ... حضور داشت": a mention, no words.
* 902 kicker "رئیس‌کل گمرک در جمع خبرنگاران:" gives the title to Jamalipour, whom the page names with that title.
* 905 is undated: Azari Jahromi's role is the one the page calls him by ("وزیر ارتباطات"), not his earliest.
* 908 ¶2 "وزیر بهداشت نیز ... گفت که ...": a minister the page never names: nobody.
* 909 ¶4 "معاون وزیر ارتباطات هم در این آیین حضور داشت": unnamed (Azari Jahromi held that title then, but the
  page does not say it is him): nobody.
* 910 title "نایب‌رئیس کمیسیون برنامه و بودجه: ..." is the MP's headline (the page's lead names the title in full).
"""

from __future__ import annotations

RAHMANI = "بهزاد رحمانی نژاد"
SALEHIAN = "حمیدرضا صالحیان"
JAMALI = "مهرداد جمالی‌پور"
TAVAKOLIAN = "فرزانه توکلیان"
MIRZAEI = "غلامرضا میرزایی"
YAZDAN = "کامبیز یزدان‌پناه"
NEKOUNAM = "محمدعلی نکونام"
RAHIMIPOUR = "حسین رحیمی‌پور"
SHOJAEI = "داوود شجاعی‌فرد"
ASHRAFI = "نسرین اشرفی‌زاده"
MOUSAVIAN = "سیدمرتضی موسویان"
SHAHROUDI = "سیدحسن حسینی‌شاهرودی"
AZARI = "azari-jahromi"
VAEZI = "vaezi"

OWN_GOLD: dict[str, dict] = {
    "901": {
        "outlets": {"ایسنا": "other"},
        "people": {RAHMANI: "سخنگوی صنعت آب", SALEHIAN: "معاون آب و آبفای وزیر نیرو"},
        "kicker": [],
        "title": [],
        "lead": [],  # "... از کاهش ... خبر داد": reports that he announced, gives none of his words
        "paragraphs": [
            ("به گزارش ایسنا", [RAHMANI]),
            ("وی افزود", [RAHMANI]),
            ("رحمانی نژاد با اشاره", [RAHMANI]),
            ("در این نشست حمیدرضا صالحیان", []),
            ("روابط عمومی شرکت مدیریت منابع آب", []),
            ("سخنگوی صنعت آب در پایان", [RAHMANI]),
        ],
    },
    "902": {
        "outlets": {"خبرگزاری ایرنا": "agency"},
        "people": {JAMALI: "رئیس‌کل گمرک ایران"},
        "kicker": [],
        "title": [JAMALI],
        "lead": [],
        "paragraphs": [
            ("به گزارش خبرنگار گروه اقتصادی", [JAMALI]),
            ("این مقام مسئول افزود", [JAMALI]),
            ("جمالی‌پور درباره کالاهای رسوبی", [JAMALI]),
            ("وزیر صنعت، معدن و تجارت نیز", []),
            ("رئیس‌کل گمرک ایران در پاسخ", [JAMALI]),
        ],
    },
    "903": {
        "outlets": {"روزنامه شرق": "newspaper"},
        "people": {TAVAKOLIAN: "عضو کمیسیون آموزش و تحقیقات مجلس", MIRZAEI: "نماینده مردم اراک در مجلس"},
        "kicker": [],
        "title": [],
        "lead": [],
        "paragraphs": [
            ("به گزارش روزنامه شرق", [TAVAKOLIAN]),
            ("توکلیان گفت", [TAVAKOLIAN, MIRZAEI]),  # two speakers, each with their own sentence
            ("میرزایی ادامه داد", [MIRZAEI]),
            ("خانم توکلیان در پایان", [TAVAKOLIAN]),
        ],
    },
    "904": {
        "outlets": {"پایگاه خبری راه و ساختمان": "site", "شبکه خبر": "tv"},
        "people": {YAZDAN: "وزیر راه و شهرسازی"},
        "kicker": [],
        "title": [],
        "lead": [YAZDAN],
        "paragraphs": [
            ("یزدان‌پناه با اشاره", [YAZDAN]),
            ("کامبیز یزدان‌پناه پیش از این", []),
            ("وزیر راه و شهرسازی در گفتگو با شبکه خبر", [YAZDAN]),
            ("گزارش از", []),
        ],
    },
    "905": {
        "outlets": {"اقتصادنامه": "other", "خبرگزاری ایرنا": "agency"},
        "people": {JAMALI: "رئیس‌کل گمرک ایران", AZARI: "وزیر ارتباطات و فناوری اطلاعات"},
        "kicker": [],
        "title": [JAMALI],
        "lead": [JAMALI],
        "paragraphs": [
            ("به گزارش اقتصادنامه", [JAMALI]),
            ("وی ادامه داد", [JAMALI]),
            ("در همین حال محمدجواد آذری جهرمی", [AZARI]),
        ],
    },
    "906": {
        "outlets": {"خبرگزاری فارس": "agency"},
        "people": {NEKOUNAM: "رئیس سازمان تبلیغات اسلامی"},
        "kicker": [],
        "title": [NEKOUNAM],
        "lead": [NEKOUNAM],
        "paragraphs": [
            ("به گزارش خبرگزاری فارس", [NEKOUNAM]),
            ("این مقام مسئول گفت", [NEKOUNAM]),
            ("نکونام همچنین", [NEKOUNAM]),
            ("به گفته رئیس سازمان", [NEKOUNAM]),
        ],
    },
    "907": {
        "outlets": {"پایگاه خبری پلیس": "site"},
        "people": {RAHIMIPOUR: "فرمانده پلیس راهور ناجا", SHOJAEI: "رئیس مرکز مدیریت راه‌های کشور"},
        "kicker": [],
        "title": [],  # "پلیس راهور: ..." — an organisation's headline
        "lead": [],
        "paragraphs": [
            ("به گزارش پایگاه خبری پلیس", [RAHIMIPOUR]),
            ("فرمانده پلیس راهور ناجا با بیان اینکه", [RAHIMIPOUR]),
            ("در همین نشست", [SHOJAEI, RAHIMIPOUR]),  # two speakers in one paragraph
            ("شجاعی‌فرد درباره", [SHOJAEI]),
            ("به گفته رئیس مرکز", [SHOJAEI]),
        ],
    },
    "908": {
        "outlets": {"هفته‌نامه سلامت": "newspaper", "رادیو گفتگو": "radio"},
        "people": {ASHRAFI: "معاون بهداشت وزارت بهداشت، درمان و آموزش پزشکی"},
        "kicker": [],
        "title": [ASHRAFI],
        "lead": [ASHRAFI],
        "paragraphs": [
            ("به گزارش هفته‌نامه سلامت", [ASHRAFI]),
            ("وی گفت", [ASHRAFI]),
            ("وزیر بهداشت نیز", []),
            ("روابط عمومی سازمان غذا و دارو", []),
            ("اشرفی‌زاده در پایان", [ASHRAFI]),
        ],
    },
    "909": {
        "outlets": {"همشهری آنلاین": "site", "ایسنا": "other"},
        "people": {VAEZI: "وزیر ارتباطات و فناوری اطلاعات", MOUSAVIAN: "مدیرعامل شرکت مخابرات ایران"},
        "kicker": [],
        "title": [VAEZI],
        "lead": [VAEZI],
        "paragraphs": [
            ("در این آیین، مهندس سیدمرتضی موسویان", [MOUSAVIAN]),
            ("واعظی با اشاره", [VAEZI]),
            ("مدیرعامل شرکت مخابرات ایران", [MOUSAVIAN]),
            ("روابط عمومی وزارت ارتباطات", []),
            ("به نقل از ایسنا", []),
        ],
    },
    "910": {
        "outlets": {"عصر ایران": "other", "خبرگزاری خانه ملت": "agency"},
        "people": {SHAHROUDI: "نایب‌رئیس کمیسیون برنامه و بودجه مجلس"},
        "kicker": [],
        "title": [SHAHROUDI],
        "lead": [SHAHROUDI],
        "paragraphs": [
            ("به گزارش عصر ایران", [SHAHROUDI]),
            ("این نماینده مجلس", [SHAHROUDI]),
            ("حسینی‌شاهرودی درباره", [SHAHROUDI]),
            ("گفتنی است", []),
        ],
    },
}
