"""The attribution rules on pages written for these tests, in the seeds' styles but with other people, titles
and outlets: nothing here names a seed or a seed person, so a rule that only fits the seeds fails here."""

from __future__ import annotations

import datetime as dt

from archive.attribution.rules import Attributor, PersonEntry, sentence_spans

KARIMI = PersonEntry(
    "karimi",
    ("رضا کریمی", "کریمی"),
    (("رئیس سازمان فناوری اطلاعات", None, None), ("رئیس سازمان فناوری اطلاعات ایران", None, None)),
)
HOSSEINI = PersonEntry(
    "hosseini-nejad",
    ("مریم حسینی‌نژاد", "حسینی‌نژاد", "حسینی نژاد"),
    (("سخنگوی وزارت ارتباطات", None, None),),
)
# Two members of parliament: one title, two people.
REZAEI = PersonEntry("rezaei", ("علی رضایی", "رضایی"), (("نماینده مجلس", None, None), ("این نماینده مجلس", None, None)))
MOHAMMADI = PersonEntry(
    "mohammadi", ("حسن محمدی", "محمدی"), (("نماینده مجلس", None, None), ("این نماینده مجلس", None, None))
)
# One post held by two people in turn.
TEHRANI = PersonEntry(
    "tehrani", ("بهروز تهرانی", "تهرانی"), (("مدیرعامل شرکت مخابرات", dt.date(2015, 1, 1), dt.date(2017, 12, 31)),)
)
SHIRAZI = PersonEntry("shirazi", ("نادر شیرازی", "شیرازی"), (("مدیرعامل شرکت مخابرات", dt.date(2018, 1, 1), None),))
PEOPLE = [KARIMI, HOSSEINI, REZAEI, MOHAMMADI, TEHRANI, SHIRAZI]


def attribute(paragraphs, kicker="", title="", lead="", day=None, people=PEOPLE):
    result = Attributor(people).attribute(kicker, title, lead, paragraphs, day=day)
    for s in result.statements:
        source = {"kicker": kicker, "title": title, "lead": lead}.get(s.part) or paragraphs[s.paragraph]
        assert source[s.start : s.end] == s.text  # spans index the text given
    return result


def speakers(result, part="paragraph"):
    """{paragraph index: [speaker keys]} (or {part: [...]} for the head)."""
    found: dict = {}
    for s in result.statements:
        key = s.paragraph if s.part == "paragraph" else s.part
        if part == "paragraph" or s.part == part:
            found.setdefault(key, [])
            if s.person not in found[key]:
                found[key].append(s.person)
    return found


def test_names_aliases_titles_and_a_pronoun_chain():
    paragraphs = [
        "به گزارش خبرنگار ما، رضا کریمی رئیس سازمان فناوری اطلاعات در نشست خبری امروز درباره طرح شبکه ملی "
        "اظهار داشت: این طرح تا پایان سال به بهره برداری می‌رسد.",
        "وی افزود: بیش از ۳ میلیون خانوار به این شبکه وصل شده‌اند.",
        "رئیس سازمان فناوری اطلاعات تصریح کرد: بودجه این طرح هنوز کامل پرداخت نشده است.",
        "او ادامه داد: ما به همکاری همه دستگاه‌ها نیاز داریم.",
        "کریمی در پایان خاطرنشان ساخت: مردم نگران سرعت اینترنت نباشند.",
        "ایشان همچنین یادآور شد: هزینه‌ها افزایش نخواهد یافت.",
    ]
    result = attribute(paragraphs)
    assert speakers(result) == {i: ["karimi"] for i in range(6)}
    vias = [s.via for s in result.statements]
    assert vias == ["name", "pronoun", "title", "pronoun", "alias", "pronoun"]
    assert result.statements[0].text == "این طرح تا پایان سال به بهره برداری می‌رسد."
    assert result.mentioned == ["karimi"]


def test_spelling_variants_of_names_titles_and_verbs():
    paragraphs = [
        "مريم حسيني نژاد سخنگوی وزارت ارتباطات گفت: درباره قطعی‌ها گزارش می‌دهیم.",  # Arabic ي, spaced name
        "حسینینژاد تأکید کرده است: این اختلال ربطی به فیلترینگ ندارد.",  # no ZWNJ, تأکید with hamza
        "سخنگوی وزارت  ارتباطات خاطر نشان کرد: همه خدمات برقرار است.",  # double space in the title
        "رضا كريمي می‌گوید: شبکه پایدار است.",  # Arabic ك and ي, present tense
    ]
    result = attribute(paragraphs)
    assert speakers(result) == {0: ["hosseini-nejad"], 1: ["hosseini-nejad"], 2: ["hosseini-nejad"], 3: ["karimi"]}
    assert result.statements[1].verb == "تأکید کرده است"


def test_narration_that_mentions_someone_is_no_statement():
    paragraphs = [
        "رضا کریمی روز گذشته از مرکز داده جدید بازدید کرد و با کارکنان آن دیدار داشت.",
        "کریمی جزئیات طرح را تشریح کرد.",  # reports that he explained, gives none of his words
        "در این مراسم حسن محمدی و علی رضایی نیز حضور داشتند.",
        "مسئولان برگزاری این نشست گفتند که نشست بعدی ماه آینده برگزار می‌شود.",  # nobody we know
    ]
    result = attribute(paragraphs)
    assert result.statements == []
    assert result.mentioned == ["karimi", "mohammadi", "rezaei"]


def test_indirect_speech_with_ke_running_verb_and_according_to():
    paragraphs = [
        "حسن محمدی گفت که کمیسیون این موضوع را هفته آینده بررسی می‌کند.",
        "به گفته علی رضایی، طرح جدید به زودی به صحن مجلس می‌رود.",
        "رضا کریمی اعلام کرد شبکه ملی تا پایان سال آماده می‌شود.",
        "حسینی‌نژاد با بیان اینکه سرعت اینترنت افت نکرده است، افزود: گزارش‌ها را بررسی می‌کنیم.",
    ]
    result = attribute(paragraphs)
    assert speakers(result) == {0: ["mohammadi"], 1: ["rezaei"], 2: ["karimi"], 3: ["hosseini-nejad"]}
    texts = {s.paragraph: s.text for s in result.statements if s.paragraph != 3}
    assert texts[0] == "کمیسیون این موضوع را هفته آینده بررسی می‌کند."
    assert texts[1] == "طرح جدید به زودی به صحن مجلس می‌رود."
    assert texts[2] == "شبکه ملی تا پایان سال آماده می‌شود."
    indirect = [s for s in result.statements if s.paragraph == 3]
    assert [s.text for s in indirect] == ["سرعت اینترنت افت نکرده است", "گزارش‌ها را بررسی می‌کنیم."]
    assert indirect[0].verb == "با بیان اینکه"


def test_a_speech_clause_with_an_unknown_subject_is_left_alone_and_so_is_the_pronoun_after_it():
    paragraphs = [
        "رضا کریمی گفت: شبکه آماده است.",
        "یک کارشناس ارتباطات در گفتگو با ما گفت: این شبکه هنوز آماده نیست.",
        "وی افزود: سرعت آن پایین است.",  # refers to the unknown expert, not to Karimi
        "سخنگوی وزارت ارتباطات اعلام کرد که مشکلی وجود ندارد.",  # the spokeswoman is not named here
    ]
    result = attribute(paragraphs)
    assert speakers(result) == {0: ["karimi"]}


def test_a_title_shared_by_two_people_goes_to_the_one_the_page_means():
    paragraphs = [
        "در این برنامه علی رضایی نماینده مجلس و حسن محمدی حضور داشتند.",
        "نماینده مجلس گفت: کمیسیون به این موضوع ورود کرده است.",  # introduced with the title: Rezaei
        "محمدی اظهار کرد: ما منتظر گزارش دولت هستیم.",
        "این نماینده مجلس افزود: گزارش باید تا هفته آینده برسد.",  # the one just quoted: Mohammadi
    ]
    result = attribute(paragraphs)
    assert speakers(result) == {1: ["rezaei"], 2: ["mohammadi"], 3: ["mohammadi"]}


def test_a_post_held_by_two_people_in_turn_goes_to_the_holder_on_the_articles_date():
    paragraphs = [
        "بهروز تهرانی و نادر شیرازی هر دو در مراسم تودیع و معارفه حضور داشتند.",
        "مدیرعامل شرکت مخابرات گفت: توسعه فیبر نوری اولویت ماست.",
    ]
    assert speakers(attribute(paragraphs, day=dt.date(2016, 6, 1))) == {1: ["tehrani"]}
    assert speakers(attribute(paragraphs, day=dt.date(2019, 6, 1))) == {1: ["shirazi"]}
    # No date, both named together, neither introduced with the title nor quoted yet: not guessed.
    assert speakers(attribute(paragraphs)) == {}
    # ... and "وی" after two people opening a sentence refers to neither.
    assert speakers(attribute([paragraphs[0], "وی گفت: فیبر نوری اولویت است."])) == {}


def test_the_quote_runs_on_until_another_speech_clause_or_narration():
    paragraphs = [
        "کریمی گفت: شبکه ملی آماده است. سرعت آن دو برابر شده است. هزینه‌ها هم کاهش یافته است. "
        "حسینی‌نژاد نیز گفت: وزارتخانه از این طرح حمایت می‌کند. بودجه آن تامین شده است.",
        "رضایی گفت: ما گزارش را خواندیم. به گزارش خبرنگار ما، این نشست دو ساعت طول کشید.",
        "محمدی گفت: ما آماده‌ایم. کریمی پیش از این از مجلس بازدید کرده بود.",
    ]
    result = attribute(paragraphs)
    texts = [(s.person, s.text) for s in result.statements]
    assert texts == [
        ("karimi", "شبکه ملی آماده است. سرعت آن دو برابر شده است. هزینه‌ها هم کاهش یافته است."),
        ("hosseini-nejad", "وزارتخانه از این طرح حمایت می‌کند. بودجه آن تامین شده است."),
        ("rezaei", "ما گزارش را خواندیم."),
        ("mohammadi", "ما آماده‌ایم."),
    ]


def test_speech_verbs_inside_a_quote_stay_in_the_quote():
    paragraphs = [
        "رضایی افزود: دولت اعلام کرد که بودجه را می‌دهد. وزارتخانه هم گفت که همکاری می‌کند.",
    ]
    result = attribute(paragraphs)
    assert [(s.person, s.text) for s in result.statements] == [
        ("rezaei", "دولت اعلام کرد که بودجه را می‌دهد. وزارتخانه هم گفت که همکاری می‌کند.")
    ]


def test_postposed_attribution():
    paragraphs = ["«ما همه خدمات را به موقع ارائه خواهیم کرد»، رضا کریمی گفت."]
    result = attribute(paragraphs)
    assert [(s.person, s.text) for s in result.statements] == [("karimi", "«ما همه خدمات را به موقع ارائه خواهیم کرد»")]


def test_kicker_headline_and_lead():
    kicker = "کریمی در نشست خبری:"
    title = "شبکه ملی تا پایان سال آماده می‌شود"
    lead = "رئیس سازمان فناوری اطلاعات گفت: سرعت اینترنت دو برابر می‌شود."
    result = attribute(["رضا کریمی امروز در نشست خبری حاضر شد."], kicker=kicker, title=title, lead=lead)
    assert [(s.part, s.person, s.via) for s in result.statements] == [
        ("title", "karimi", "kicker"),
        ("lead", "karimi", "title"),
    ]
    headline = attribute(["حسینی‌نژاد امروز سخن گفت."], title="سخنگوی وزارت ارتباطات: قطعی اینترنت موقت است")
    assert [(s.part, s.person, s.text) for s in headline.statements] == [
        ("title", "hosseini-nejad", "قطعی اینترنت موقت است")
    ]
    # A headline title of someone the article does not name is not guessed.
    assert attribute(["متن خبر."], title="سخنگوی وزارت ارتباطات: قطعی اینترنت موقت است").statements == []


def test_hearsay_and_objects_are_not_speech():
    paragraphs = [
        "گفته می‌شود کریمی به زودی استعفا می‌دهد.",
        "کریمی این خبر را اعلام کرد که باعث تعجب شد.",
    ]
    assert attribute(paragraphs).statements == []


def test_sentences_are_located_in_the_text_with_their_offsets():
    text = "جمله اول.  جمله دوم؟ جمله\nسوم! و آخر"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["جمله اول.", "جمله دوم؟", "جمله\nسوم!", "و آخر"]


def test_the_subject_is_the_person_opening_the_clause_not_one_named_inside_it():
    paragraphs = [
        "پس از سخنان کریمی، حسینی‌نژاد گفت: وزارتخانه با این طرح موافق است.",
        "دکتر رضا کریمی در پاسخ به سوال خبرنگاران گفت: طرح ادامه دارد.",
        "در نشست خبری روز دوشنبه، محمدی گفت: کمیسیون گزارش می‌خواهد.",
        "در پاسخ به سوالی درباره کریمی گفت: نظری ندارم.",  # who answered is not said here
        "سپس به او گفتند: جلسه تمام شد.",  # "او" is the one spoken to
    ]
    result = attribute(paragraphs)
    assert speakers(result) == {0: ["hosseini-nejad"], 1: ["karimi"], 2: ["mohammadi"]}


def test_a_kicker_that_quotes_is_a_statement_and_a_label_kicker_is_not():
    quoting = attribute(["حسینی‌نژاد در نشست خبری سخن گفت."], kicker="حسینی‌نژاد: اینترنت قطع نمی‌شود", title="خبر")
    assert [(s.part, s.person, s.text) for s in quoting.statements] == [
        ("kicker", "hosseini-nejad", "اینترنت قطع نمی‌شود")
    ]
    label = attribute(["متن خبر."], kicker="وزارت ارتباطات توضیح داد", title="خبر")
    assert label.statements == []


def test_two_speakers_of_one_clause_both_say_the_words_and_وی_after_them_is_neither():
    paragraphs = [
        "رضایی و محمدی در نامه‌ای به وزیر اعلام کردند: طرح باید اصلاح شود. زمان آن تا پایان سال است.",
        "وی افزود: نامه را امضا کردیم.",
        "رضایی و یک نماینده دیگر گفتند: ما مخالفیم.",  # one of the two is unknown: nobody
    ]
    result = attribute(paragraphs)
    assert [(s.paragraph, s.person, s.text) for s in result.statements] == [
        (0, "rezaei", "طرح باید اصلاح شود. زمان آن تا پایان سال است."),
        (0, "mohammadi", "طرح باید اصلاح شود. زمان آن تا پایان سال است."),
    ]
