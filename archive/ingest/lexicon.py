"""Words and phrases of Persian news pages that the parsing rules recognise, kept in one place.

They describe the genre (how Persian news sites label comment forms and cite sources), never a particular page.
The words of speech and figures live in `archive.attribution.lexicon`.
"""

from __future__ import annotations

import re

from archive.attribution import lexicon as _attribution_lexicon

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
# A dateline that opens a lead: "رسانه کلیک - ...", "تهران – ..." (attribution skips it too, so it lives there).
DATELINE = _attribution_lexicon.DATELINE

# Words that tie a date in the text to the day of publication, with the offset to that day.
DEICTIC_DAY_OFFSETS = {"امروز": 0, "امشب": 0, "صبح امروز": 0, "عصر امروز": 0, "دیروز": 1, "دیشب": 1}

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

# Words that name what kind of outlet follows ("به گزارش خبرگزاری X"), longest first, with the kind they give.
OUTLET_CUE_KINDS = {
    "خبرگزاری": "agency",
    "روزنامه": "newspaper",
    "هفته‌نامه": "newspaper",
    "هفته نامه": "newspaper",
    "ماهنامه": "newspaper",
    "پایگاه خبری تحلیلی": "site",
    "پایگاه خبری": "site",
    "پایگاه اطلاع‌رسانی": "site",
    "پایگاه اطلاع رسانی": "site",
    "پایگاه تحلیلی خبری": "site",
    "سایت": "site",
    "وب‌سایت": "site",
    "وبسایت": "site",
    "پایگاه": "site",
    "رسانه": "site",
    "شبکه": "tv",
    "رادیو": "radio",
    "برنامه": "tv",
}
# A reporter's desk between "به گزارش" and the outlet ("خبرنگار گروه فناوری خبرگزاری X"): never the outlet.
REPORTER_WORDS = ["خبرنگار", "خبرنگاران", "گزارشگر"]
DESK_WORDS = ["گروه", "سرویس", "حوزه", "دبیرخانه", "بخش"]
DESK_TOPICS = [
    "سیاسی", "اقتصادی", "اجتماعی", "فرهنگی", "هنری", "ورزشی", "بین‌الملل", "بین الملل", "بینالملل", "علمی",
    "فناوری", "دانشگاهی", "پارلمانی", "استان‌ها", "استانها", "جامعه", "رسانه", "رسانه‌ها", "رسانههای",
    "رسانه‌های", "فضای", "مجازی", "اخبار", "حوادث", "سلامت", "پزشکی", "اقتصاد", "سیاست", "دین", "اندیشه",
    "انرژی", "بازار", "شهری", "آموزش", "ارتباطات", "فناوری‌های", "نوین", "جهان", "ایران", "تهران", "خارجی",
    "داخلی", "دفاعی", "امنیتی", "فرهنگ", "هنر", "ادب", "اقتصادی‌", "تلویزیون", "و",
]  # fmt: skip
# Words that end an outlet's name ("به گزارش ایسنا در این بیانیه آمده است" → ایسنا), and words that are never
# one ("به گزارش رسیده"، "به گزارش ما").
OUTLET_NAME_STOPS = [
    "در", "از", "به", "با", "که", "را", "برای", "تا", "و", "نیز", "هم", "امروز", "دیروز", "امشب", "روز", "صبح",
    "عصر", "شب", "این", "آن", "آمده", "است", "گفت", "نوشت", "افزود", "اعلام", "خبر", "طی", "ضمن", "پیرامون",
    "درباره", "بر", "همچنین", "گزارش",
]  # fmt: skip
NOT_OUTLET_WORDS = [
    "رسیده", "رسیده‌", "منتشرشده", "منتشر", "موجود", "ما", "شما", "او", "وی", "آنها", "روابط", "سازمان",
    "وزارت", "ستاد", "دفتر", "اداره", "خبرنگار", "خبرنگاران", "شاهدان", "مقامات", "منابع", "کارشناسان",
]  # fmt: skip
