"""Who speaks in each part of the five seed pages, read by hand as an editor reads them.

For every seed: the kicker, title and lead, and EVERY body paragraph (in page order, each identified by its
opening words so a change in paragraph splitting shows up as a failure, not as silent misalignment), with the
people whose words it reports (person slugs from fixtures/people.json), or nobody.

Editorial decisions behind the entries:
* A kicker is a label: it never speaks itself; "X در گفتگوی ...:" makes X the speaker of the title.
* A headline speaks for someone only when it names them ("مدیر سروش: ..."). Headlines that paraphrase a
  speaker without naming him (001, 004) are the desk's words: nobody.
* A sentence that reports that someone did something with words but gives none of them ("... شنیده‌ها را
  تکذیب کرد", "وزارت ارتباطات ... توضیح داد") is narration about them: nobody.
* 003 paragraph 0: "وزیر ارتباطات اعلام کرد که ..." — the minister is a speaker, but the page never names him,
  so the archive cannot say who he is: nobody (see docs/editorial-notes.md: "Mentioned: the minister (unnamed)").
* Paragraphs that name people without their words (000 ¶0, 002 ¶0) are mentions: nobody.
"""

from __future__ import annotations

AZARI = "azari-jahromi"
VAEZI = "vaezi"
KHORAKIAN = "khorakian"
ASOOSHEH = "asoosheh"
KOOHKAN = "koohkan"
SALEHI = "seyed-salehi"

# {file prefix: {"kicker": [...], "title": [...], "lead": [...], "paragraphs": [(opening words, [speakers])]}}
GOLD: dict[str, dict] = {
    "000": {
        "kicker": [],  # "وزارت ارتباطات توضیح داد": a ministry, and a label
        "title": [],
        "lead": [],  # the ministry "explained": no person, no words
        "paragraphs": [
            ("وزارت ارتباطات و فناوری اطلاعات با انتشار", []),  # mentions Azari Jahromi
            ("معاون وزیر ارتباطات دراین باره گفت", [AZARI]),  # his title alone
            ("آذری جهرمی گفت", [AZARI]),
            ("معاون وزیر ارتباطات و فناوری اطلاعات افزود", [AZARI]),
            ("وی افزود", [AZARI]),
            ("مدیرعامل شرکت ارتباطات زیرساخت گفت", [AZARI]),  # his second title
            ("به گزارش مهر", []),  # the agency's own background
            ("روز گذشته محمود واعظی", [VAEZI]),
        ],
    },
    "001": {
        "kicker": [],
        "title": [],  # paraphrase of Khorakian, unattributed on its face
        "lead": [],  # "... را به شدت تکذیب کرد": reports that he denied, gives none of his words
        "paragraphs": [
            ("به گزارش کلیک به نقل از تابناک", [KHORAKIAN]),
            ("وی اظهار داشت", [KHORAKIAN]),
            ("معاون محتوای مرکز ملی فضای مجازی با بیان اینکه", [KHORAKIAN]),
            ("وی ادامه داد", [KHORAKIAN]),
            ("خوراکیان افزود", [KHORAKIAN]),
            ("وی اضافه کرد", [KHORAKIAN]),
            ("معاون محتوای مرکز ملی فضای مجازی بیان کرد", [KHORAKIAN]),
            ("خوراکیان در خصوص توافق مجدد", [KHORAKIAN]),
            ("وی درباره اینکه گفته می‌شود", [KHORAKIAN]),  # "گفته می‌شود" is hearsay in his subject
            ("معاون محتوای مرکز ملی فضای مجازی یادآور شد", [KHORAKIAN]),
        ],
    },
    "002": {
        "kicker": [],  # "آسوشه در گفتگوی ویژه خبری:" — names the speaker of the title
        "title": [ASOOSHEH],
        "lead": [ASOOSHEH],  # "معاون فناوری مرکز ملی فضای مجازی گفت:"
        "paragraphs": [
            ("به گزارش خبرنگار گروه سیاسی", []),  # the programme and its two guests: mentions
            ("آسوشه درباره میزان خروج کاربران", [ASOOSHEH]),
            ("معاون مرکز ملی فضای مجازی افزود", [ASOOSHEH]),
            ("وی با بیان اینکه برخی کاربران", [ASOOSHEH]),
            ("آسوشه با اشاره به اینکه خروج از تلگرام", [ASOOSHEH]),
            ("معاون مرکز ملی فضای مجازی گفت", [ASOOSHEH]),
            ("وی با بیان اینکه سرویس پیامرسان", [ASOOSHEH]),
            ("وی با طرح این سوال", [ASOOSHEH]),
            ("کوهکن نیز در ادامه برنامه", [KOOHKAN]),
            ("این نماینده مجلس افزود", [KOOHKAN]),
            ("وی با اشاره به اینکه برخی از دستگاه‌های دولتی", [KOOHKAN]),  # quotes the minister's view himself
            ("کوهکن تصریح کرد", [KOOHKAN]),
            ("نماینده مجلس با اشاره به اینکه چند سال پیش", [KOOHKAN]),
            ("وی ادامه داد: وقتی تلگرام", [KOOHKAN]),
            ("کوهکن با اشاره به اینکه تلگرام به عرصه اقتصادی", [KOOHKAN]),
            ("نماینده مجلس با اشاره به اینکه نظام", [KOOHKAN]),
            ("وی با بیان اینکه به کمیسیون خاص", [KOOHKAN]),
            ("کوهکن با اشاره به اینکه مسئولیت مجلس", [KOOHKAN]),
            ("آسوشه در بخش دیگری از این برنامه", [ASOOSHEH]),
            ("معاون فنی شورای عالی فضای مجازی با اشاره به اینکه در دو سه روز", [ASOOSHEH]),  # the page's variant
            ("وی اضافه کرد", [ASOOSHEH]),
            ("آسوشه عنوان کرد", [ASOOSHEH]),
            ("وی با اشاره به اینکه برهمین اساس", [ASOOSHEH]),
            ("وی ادامه داد: سند حمایت", [ASOOSHEH]),
            ("معاون فنی شورای عالی فضای مجازی تاکید کرد", [ASOOSHEH]),
            ("وی تصریح کرد", [ASOOSHEH]),
            ("آسوشه با بیان اینکه مهاجرت", [ASOOSHEH]),
            ("معاون فنی شورای عالی فضای مجازی با بیان اینکه فیلترشکنها", [ASOOSHEH]),
            ("وی با اشاره به اینکه اتحادیه اروپا", [ASOOSHEH]),
            ("معاون فنی شورای عالی فضای مجازی اظهار کرد", [ASOOSHEH]),
        ],
    },
    "003": {
        "kicker": [],
        "title": [SALEHI],  # "مدیر سروش: ...": a headline attributing with a bare colon
        "lead": [],  # narration about the messengers' managers in general
        "paragraphs": [
            ("به گزارش گروه رسانه‌های خبرگزاری تسنیم", []),  # the unnamed minister: not guessed
            ("میثم سیدصالحی مدیر پیام‌رسان سروش", [SALEHI]),
            ("سیدصالحی در ادامه افزود", [SALEHI]),
            ("وی افزود: به گفته وزیر ارتباطات", [SALEHI]),  # he cites the minister inside his own words
            ("مدیر پیام‌رسان سروش تصریح کرد", [SALEHI]),
            ("سیدصالحی در پایان افزود", [SALEHI]),
        ],
    },
    "004": {
        "kicker": [],
        "title": [],  # "تمام امکانات ایران برای پنج سال در اختیار تلگرام بود": the desk's paraphrase
        "lead": [ASOOSHEH],  # "عباس آسوشه ادعا کرده است: ..."
        "paragraphs": [
            ("معاون فناوری مرکز ملی فضای مجازی کشور گفت", [ASOOSHEH]),
            ("به گزارش اسپاداناخبر، عباس آسوشه", [ASOOSHEH]),  # "... گفته: ..."
            ("معاون فناوری مرکز ملی فضای مجازی تأکید کرد", [ASOOSHEH]),
            ("وی اعلام کرد", [ASOOSHEH]),
            ("آسوشه تصریح کرد", [ASOOSHEH]),
            ("او افزود: البته قبول داریم", [ASOOSHEH]),
            ("معاون فناوری مرکز ملی فضای مجازی خاطر نشان کرد", [ASOOSHEH]),
            ("آسوشه بیان کرد", [ASOOSHEH]),
            ("وی درباره ترافیک بالای تلگرام", [ASOOSHEH]),
            ("او افزود: تعداد کانالهای فعال", [ASOOSHEH]),
            ("آسوشه با اشاره به تأمین هزینه‌های تلگرام", [ASOOSHEH]),
            ("وی گفت: البته خواسته", [ASOOSHEH]),  # cut off mid-sentence by the page
        ],
    },
}
