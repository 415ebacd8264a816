"""Words and phrases of Persian news prose that attribution recognises: verbs of saying, references back
to a speaker, words that may open a subject, and the words figures are counted in. They describe the genre, never a
particular page. `archive.ingest.lexicon` keeps the words of page structure (comment forms, citation cues).
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


# A dateline that opens a lead: "رسانه کلیک - ...", "تهران – ...".
# The dash may have a space on one side only ("آفتاب یزد –گروه سیاسی:"), as typed pages have it.
DATELINE = re.compile(r"^(?P<name>[^\s،؛:.].{0,40}?)(?:\s+[-–—]\s*|\s*[-–—]\s+)")

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
