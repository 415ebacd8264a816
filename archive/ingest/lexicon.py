"""Words and phrases of Persian news pages that the parsing rules recognise, kept in one place.

They describe the genre (how Persian news sites label comment forms, cite sources, report speech), never a
particular page.
"""

from __future__ import annotations

import re

# Reported-speech verbs as pages write them in the third person. Kept entries are the forms seen most; the
# conjugations below add the perfect, plural and present forms of each, so "تاکید کرده است" and "می‌گوید" count
# too. Matching folds the text first (تأکید = تاکید, ZWNJ or space or joined), so one spelling of each suffices.
_SPEECH_VERBS_SEEN = [
    "گفت",
    "گفته",
    "گفته است",
    "افزود",
    "اضافه کرد",
    "اظهار کرد",
    "اظهار داشت",
    "تصریح کرد",
    "ادامه داد",
    "عنوان کرد",
    "بیان کرد",
    "بیان داشت",
    "تاکید کرد",
    "تأکید کرد",
    "خاطرنشان کرد",
    "خاطر نشان کرد",
    "خاطرنشان ساخت",
    "یادآور شد",
    "یادآوری کرد",
    "متذکر شد",
    "اعلام کرد",
    "اعلام داشت",
    "توضیح داد",
    "تشریح کرد",
    "اذعان کرد",
    "اذعان داشت",
    "ابراز کرد",
    "ابراز داشت",
    "مطرح کرد",
    "عنوان داشت",
    "تاکید داشت",
    "ادعا کرد",
    "ادعا کرده است",
    "پاسخ داد",
    "گفتند",
    "افزودند",
    "اعلام کردند",
]

# Simple verbs of saying with their third-person forms (past, plural, perfect, present).
_SIMPLE_SPEECH_VERBS = {
    "گفت": ["گفت", "گفتند", "گفته", "گفته است", "گفته‌اند", "گفته بود", "می‌گوید", "می‌گویند"],
    "افزود": ["افزود", "افزودند", "افزوده", "افزوده است", "افزوده‌اند", "می‌افزاید"],
    "نوشت": ["نوشت", "نوشتند", "نوشته است", "می‌نویسد"],
}
# Compound verbs of saying: the nominal part and the light verb ("تصریح" + "کرد").
_COMPOUND_SPEECH_VERBS = [
    ("اضافه", "کرد"), ("اظهار", "کرد"), ("اظهار", "داشت"), ("تصریح", "کرد"), ("ادامه", "داد"),
    ("عنوان", "کرد"), ("عنوان", "داشت"), ("بیان", "کرد"), ("بیان", "داشت"), ("تاکید", "کرد"),
    ("تاکید", "داشت"), ("خاطرنشان", "کرد"), ("خاطرنشان", "ساخت"), ("یادآور", "شد"), ("یادآوری", "کرد"),
    ("متذکر", "شد"), ("اعلام", "کرد"), ("اعلام", "داشت"), ("توضیح", "داد"), ("تشریح", "کرد"),
    ("اذعان", "کرد"), ("اذعان", "داشت"), ("ابراز", "کرد"), ("ابراز", "داشت"), ("مطرح", "کرد"),
    ("ادعا", "کرد"), ("پاسخ", "داد"), ("اشاره", "کرد"), ("هشدار", "داد"), ("خبر", "داد"),
    ("اعتراف", "کرد"), ("تکذیب", "کرد"), ("اضافه", "نمود"), ("اعلام", "نمود"), ("عنوان", "نمود"),
    ("تاکید", "نمود"), ("تصریح", "نمود"), ("اظهار", "نمود"), ("بیان", "نمود"),
]  # fmt: skip
_LIGHT_VERB_FORMS = {
    "کرد": ["کرد", "کردند", "کرده", "کرده است", "کرده‌اند", "کرده بود", "می‌کند", "می‌کنند"],
    "نمود": ["نمود", "نمودند", "نموده", "نموده است"],
    "داشت": ["داشت", "داشتند", "داشته", "داشته است", "داشته‌اند", "می‌دارد"],
    "داد": ["داد", "دادند", "داده", "داده است", "داده‌اند", "می‌دهد", "می‌دهند"],
    "شد": ["شد", "شدند", "شده", "شده است", "شده‌اند", "می‌شود"],
    "ساخت": ["ساخت", "ساختند", "ساخته است"],
}


def _speech_verb_forms() -> list[str]:
    forms = list(_SPEECH_VERBS_SEEN)
    for simple in _SIMPLE_SPEECH_VERBS.values():
        forms.extend(simple)
    for noun, light in _COMPOUND_SPEECH_VERBS:
        forms.extend(f"{noun} {form}" for form in _LIGHT_VERB_FORMS[light])
    return sorted(dict.fromkeys(forms), key=len, reverse=True)


# Every form, longest first so "اظهار داشت" wins over "داشت"-like fragments.
SPEECH_VERBS = _speech_verb_forms()

# Forms that are participles or present tense: a speech clause only when ":" or "که" follows ("گفته می‌شود"
# is hearsay, "اعلام کرده" can be an adjective); the finite past forms may also run straight into the words.
SPEECH_VERB_FINITE_ENDINGS = ("ت", "د", "است", "اند", "بود")

# Phrases that open the speaker's own words inside the subject of a speech clause: "وی با بیان اینکه <words>،
# افزود: ..." reports <words> as his, indirectly.
INDIRECT_SPEECH_CUES = [
    "با بیان اینکه",
    "با بیان این که",
    "با بیان این مطلب که",
    "با اشاره به اینکه",
    "با اشاره به این که",
    "با تاکید بر اینکه",
    "با تاکید بر این که",
    "با یادآوری اینکه",
    "با طرح این سوال که",
    "با ابراز اینکه",
    "ضمن اشاره به اینکه",
    "ضمن بیان اینکه",
    "ضمن تاکید بر اینکه",
]
# "به گفته X، ..." ("according to X"): the rest of the sentence is X's, indirectly.
ACCORDING_TO = ["به گفته", "به اعتقاد", "به عقیده", "از نگاه", "از نظر"]
# Words that point back at the last speaker as a whole subject: "وی افزود"، "این مقام مسئول گفت".
PRONOUNS = ["وی", "او", "ایشان"]
DEMONSTRATIVE_REFERENCES = ["این مقام مسئول", "این مقام", "این مسئول", "این مقام ارشد", "این مقام رسمی"]
# Words that may stand before the subject of a sentence: "همچنین وی ...", "روز گذشته آسوشه ...", "دکتر X ...".
# Anything else before a name ("بعد از سخنان X", "به X") makes it something other than the subject.
NARRATION_OPENERS = [
    "همچنین", "سپس", "در ادامه", "در پایان", "پیش از این", "روز گذشته", "امروز", "دیروز", "امشب", "نیز", "هم",
    "صبح امروز", "ظهر امروز", "عصر امروز", "شب گذشته", "صبح دیروز", "عصر دیروز", "بامداد امروز", "در همین حال",
    "آقای", "خانم", "دکتر", "مهندس", "سردار", "سرلشکر", "حجت الاسلام", "حجت‌الاسلام", "آیت الله", "آیت‌الله",
]  # fmt: skip

# Lines that close the article body on Persian news sites.
END_MARKER = re.compile(r"^\s*انتهای\s+(?:پیام|خبر|مطلب)\s*/?\s*$")
BACK_LINK = re.compile(r"^\s*بازگشت\s+به\s+\S.{0,60}$")
PRINT_HEADER = re.compile(r"^\s*Published on\s+(?P<name>.+?)\s*(?:\((?P<url>https?://[^)\s]+)\))?\s*$", re.I)
SOURCE_LINE = re.compile(r"^\s*(?:منبع|منابع)\s*:\s*(?P<name>\S.{0,80}?)\s*$")

# Comment-form labels and counters (matched without their stars and colons: "* نام:", "نظر :").
FORM_LABELS = {
    "نظر",
    "متن نظر",
    "نام و نام خانوادگی",
    "وب سایت",
    "وبسایت",
    "ارسال نظر شما",
    "ارسال پاسخ",
    "ارسال نظر",
    "تبادل نظر",
    "نظرات کاربران",
    "نظرات",
    "نظر شما",
    "دیدگاه",
    "دیدگاه‌ها",
    "دیدگاه کاربران",
    "ارسال دیدگاه",
    "ثبت نظر",
    "نام",
    "نام شما",
    "ایمیل",
    "پست الکترونیک",
    "پاسخ",
    "ارسال",
    "لغو",
    "انصراف",
    "کد امنیتی",
    "نظر خود را بنویسید",
}
FORM_LABEL_PREFIXES = ("آدرس ایمیل", "نشانی ایمیل", "لطفا نظر", "نظر خود را", "نظرات حاوی")
COUNTER = re.compile(
    r"^\s*(?P<label>انتشار یافته|منتشر شده|در انتظار بررسی|غیر ?قابل انتشار|تعداد نظرات)\s*:\s*(?P<n>[0-9۰-۹]+)\s*$"
)
PUBLISHED_COUNTER_LABELS = {"انتشار یافته", "منتشر شده", "تعداد نظرات"}

# How pages cite: "به گزارش X", "به نقل از Y", "منبع: Z", "در گفتگو با W", "در برنامه V".
REPORT_CUE = re.compile(r"به\s+گزارش\s+")
CITE_CUES = re.compile(r"(?:به\s+نقل\s+از|منبع\s*:)\s*")
VENUE_CUES = re.compile(r"(?:در\s+(?:گفتگو|گفت\s?و\s?گو|گفت‌وگو|مصاحبه)\s+با|در\s+برنامه|برنامه|در)\s+")
PHRASE_END = re.compile(r"[،؛,:.()«»\"\n!؟?]|\s[-–—]\s")
# A dateline that opens a lead: "رسانه کلیک - ...", "تهران – ...".
# The dash may have a space on one side only ("آفتاب یزد –گروه سیاسی:"), as typed pages have it.
DATELINE = re.compile(r"^(?P<name>[^\s،؛:.].{0,40}?)(?:\s+[-–—]\s*|\s*[-–—]\s+)")

# Words that tie a date in the text to the day of publication, with the offset to that day.
DEICTIC_DAY_OFFSETS = {"امروز": 0, "امشب": 0, "صبح امروز": 0, "عصر امروز": 0, "دیروز": 1, "دیشب": 1}

# Figures ("۲۶ میلیون کاربر", "پنج سال", "۶۰ درصد"): number words, scales, and the nouns news prose counts.
NUMBER_WORDS = {
    "یک": 1, "یه": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10,
    "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15, "شانزده": 16, "هفده": 17,
    "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70,
    "هشتاد": 80, "نود": 90, "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
# Number words that are also everyday words ("یک" the article, "نه" = no, "سی" in "سی دی"): numbers only next
# to a scale word or another number ("یک میلیارد", "بیست و یک").
AMBIGUOUS_NUMBER_WORDS = {"یک", "یه", "نه", "سی"}
SCALE_WORDS = {"هزار": 1_000, "میلیون": 1_000_000, "میلیارد": 1_000_000_000, "بیلیون": 1_000_000_000,
               "تریلیون": 1_000_000_000_000}  # fmt: skip
PERCENT_WORDS = {"درصد", "٪", "%"}
# How a figure is hedged: kept with it, so "حدود ۲۵ میلیون" and "۲۶ میلیون" read as what they are.
FIGURE_QUALIFIERS = ["حدود", "حداقل", "حداکثر", "بیش از", "بیشتر از", "کمتر از", "کمتراز", "بالغ بر", "نزدیک به",
                     "قریب به", "بالای", "زیر", "تقریبا", "تقریباً"]  # fmt: skip
# Nouns that counts in news prose measure; the noun after a number is its unit when listed here, and a word
# not listed is taken only when it does not look like a verb or a function word.
FIGURE_UNITS = [
    "کاربر", "نفر", "سال", "ماه", "روز", "هفته", "ساعت", "دقیقه", "ثانیه", "بازدید", "کانال", "مطلب", "پیام",
    "پیام‌رسان", "درصد", "دلار", "ریال", "تومان", "یورو", "گیگ", "گیگابایت", "ترابایت", "مگابایت",
    "مگابیت", "رک", "سرور", "نصب", "عضو", "مشترک", "دستگاه", "کشور", "شرکت", "مورد", "بار", "برابر", "عدد",
    "کیلومتر", "متر", "تن", "بشکه", "خانوار", "دانشجو", "سطح", "میلیون", "میلیارد", "هزار",
]  # fmt: skip
# Units of time: a figure that leaves its noun implicit never counts these.
FIGURE_TIME_UNITS = {"سال", "ماه", "روز", "هفته", "ساعت", "دقیقه", "ثانیه"}
# Counters that stand between a number and the noun counted ("۱۰ میلیون نفر کاربر"): the noun wins.
FIGURE_CLASSIFIERS = {"نفر", "عدد", "فقره", "تا"}
# Words before a number that make it a label, not a count ("بند ۲", "ساعت ۱۰", "سال ۲۰۱۸").
FIGURE_LABEL_WORDS = {"بند", "ماده", "تبصره", "شماره", "ساعت", "سال", "اصل", "فصل", "صفحه", "نسخه", "کد"}
# Words after a number that make it a date ("۷ خرداد", "۲۸ اردیبهشت").
MONTH_NAMES = {
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
}  # fmt: skip
# Words that never name what is counted (prepositions, conjunctions, copulas, common verbs' participles).
NOT_A_UNIT = {
    "در", "از", "به", "با", "که", "و", "را", "تا", "برای", "هم", "نیز", "است", "بود", "بوده", "شد", "شده", "باشد",
    "رسیده", "رسید", "این", "آن", "هر", "یا", "اما", "بر", "پس", "پیش", "قبل", "بعد", "دیگر", "اخیر", "گذشته",
    "اول", "نخست", "خود", "ما", "شما", "آنها", "بیش", "کمتر", "بیشتر", "حدود", "می", "نمی", "نیست", "هست",
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------
# Metadata lines (archive/ingest/metadata.py): how pages label their dates and codes, and their furniture.

# Labels that say a date is the publication's own.
PUBLISHED_LABELS = [
    "تاریخ انتشار", "زمان انتشار", "انتشار", "تاریخ", "منتشر شده در", "منتشرشده در", "تاریخ خبر", "تاریخ درج",
    "تاریخ مخابره", "زمان مخابره", "تاریخ ثبت", "انتشار یافته در", "تاریخ انتشار خبر",
]  # fmt: skip
# Labels that tie a date to something other than the publication: a later edit, an aggregator's fetch, the
# site's today. Such a date is never the publication date.
FRAME_DATE_LABELS = [
    "به روز شده در", "به روز شده", "بروز شده در", "به روزرسانی", "آخرین به روز رسانی", "آخرین بروزرسانی",
    "آخرین به روزرسانی", "ویرایش شده در", "دریافت خبر", "زمان دریافت", "تاریخ دریافت", "امروز", "تاریخ امروز",
    "تاریخ چاپ", "زمان چاپ",
]  # fmt: skip
NEWS_CODE_LABELS = ["کد خبر", "کد مطلب", "شناسه خبر", "شناسه مطلب", "شماره خبر", "شماره مطلب", "کد", "news id", "id"]
# Labels of counts a page shows beside an article ("بازدید: ۱۲۳", "۳ نظر").
COUNTED_LABELS = ["بازدید", "تعداد بازدید", "نظر", "دیدگاه", "نظرات", "لایک", "اشتراک", "کامنت"]
# Widget titles and buttons of a news page's frame, as whole lines.
WIDGET_LABELS = [
    "جدیدترین اخبار", "آخرین اخبار", "پربازدیدها", "پربازدیدترین", "پربازدیدترین اخبار", "پربحث ترین",
    "پربحث‌ترین‌ها", "داغ ترین ها", "اخبار مرتبط", "مطالب مرتبط", "خبرهای مرتبط", "مطالب پیشنهادی",
    "پیشنهاد سردبیر", "برگزیده", "چند رسانه ای", "اشتراک گذاری", "اشتراک‌گذاری", "چاپ", "نسخه چاپی",
    "نسخه قابل چاپ", "چاپ خبر", "منو", "جستجو",
    "ارسال به دوستان", "ذخیره", "کپی شد", "دانلود", "تگ ها", "برچسب ها", "کلمات کلیدی", "لینک کوتاه",
    "فیلم بیشتر", "عکس بیشتر", "بیشتر بخوانید", "بیشتر", "ادامه مطلب", "بازگشت", "صفحه اصلی", "خانه",
    "حریم خصوصی", "تماس با ما", "درباره ما", "آرشیو", "rss", "اخبار", "سرویس خبری",
]  # fmt: skip
# Widget headers after which the article is over (what follows is that widget's list of other headlines).
WIDGET_SECTION_HEADERS = [
    "جدیدترین اخبار", "آخرین اخبار", "پربازدیدها", "پربازدیدترین", "پربازدیدترین اخبار", "پربحث ترین",
    "اخبار مرتبط", "مطالب مرتبط", "خبرهای مرتبط", "مطالب پیشنهادی", "پیشنهاد سردبیر", "داغ ترین ها",
]  # fmt: skip
# Widget lines that start with a fixed phrase («[ مشاهده متن کامل خبر ]», «لینک کوتاه: https://…»).
WIDGET_PREFIXES = [
    "مشاهده متن کامل", "مشاهده کامل", "متن کامل خبر", "لینک کوتاه", "نشانی کوتاه", "فیلم بیشتر", "عکس بیشتر",
    "ادامه مطلب", "بیشتر بخوانید", "بخوانید", "ارسال به", "اشتراک گذاری در", "کپی لینک", "نشانی مطلب",
    "نشانی خبر", "آدرس مطلب", "آدرس خبر", "لینک مطلب", "لینک خبر",
]  # fmt: skip
TAG_LABELS = ["برچسب ها", "برچسب‌ها", "برچسب", "تگ ها", "تگ", "کلمات کلیدی", "کلیدواژه ها", "موضوعات", "موضوع"]
FOOTER_PHRASES = ["کلیه حقوق", "تمامی حقوق", "همه حقوق", "حقوق مادی و معنوی", "©", "copyright", "all rights reserved"]
# Month names of the Gregorian and Hijri calendars: a site's header prints them beside the Jalali date.
FOREIGN_MONTH_NAMES = [
    "ژانویه", "فوریه", "مارس", "آوریل", "ژوئن", "ژوئیه", "جولای", "اوت", "آگوست", "سپتامبر", "اکتبر",
    "نوامبر", "دسامبر", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "محرم", "صفر", "ربیع الاول", "ربیع الثانی", "جمادی الاول", "جمادی الاولی",
    "جمادی الثانی", "جمادی الثانیه", "رجب", "شعبان", "رمضان", "شوال", "ذی القعده", "ذی الحجه",
]  # fmt: skip
# Headers that open a comment list (one line of their own, after the article).
COMMENT_SECTION_HEADERS = [
    "نظرات", "نظرات کاربران", "نظر کاربران", "نظرات خوانندگان", "دیدگاه‌ها", "دیدگاه ها", "دیدگاه کاربران",
    "دیدگاه خوانندگان", "نظرات شما", "کامنت ها", "نظرات ارسال شده", "نظرات منتشر شده",
]  # fmt: skip
# A citation cue glued to the word before it, as when a pull-quote runs into the next paragraph
# ("تمکین کنبه گزارش خبرنگار"): a letter, then the cue with no space.
GLUED_CUE = re.compile(r"[\u0600-\u06ff](?P<cue>به\s+گزارش|به\s+نقل\s+از)")
