"""Words and phrases of Persian news pages that the parsing rules recognise, kept in one place.

They describe the genre (how Persian news sites label comment forms, cite sources, report speech), never a
particular page.
"""

from __future__ import annotations

import re

# Reported-speech verbs, longest first so "اظهار داشت" wins over "داشت"-like fragments.
SPEECH_VERBS = sorted(
    [
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
    ],
    key=len,
    reverse=True,
)

# Lines that close the article body on Persian news sites.
END_MARKER = re.compile(r"^\s*انتهای\s+(?:پیام|خبر|مطلب)\s*/?\s*$")
BACK_LINK = re.compile(r"^\s*بازگشت\s+به\s+\S.{0,60}$")
PRINT_HEADER = re.compile(r"^\s*Published on\s+(?P<name>.+?)\s*(?:\((?P<url>https?://[^)\s]+)\))?\s*$", re.I)
SOURCE_LINE = re.compile(r"^\s*(?:منبع|منابع)\s*:\s*(?P<name>\S.{0,80}?)\s*$")

# Comment-form labels and counters.
FORM_LABELS = {
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
DATELINE = re.compile(r"^(?P<name>[^\s،؛:.].{0,40}?)\s+[-–—]\s+")

# Words that tie a date in the text to the day of publication, with the offset to that day.
DEICTIC_DAY_OFFSETS = {"امروز": 0, "امشب": 0, "صبح امروز": 0, "عصر امروز": 0, "دیروز": 1, "دیشب": 1}
