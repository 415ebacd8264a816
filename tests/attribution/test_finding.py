"""The rules that find people and outlets in text, on sentences written for these tests (pure: no database)."""

from __future__ import annotations

import pytest

from archive.attribution.finding import find_in_text, find_people, name_key, name_variants, title_variants
from archive.ingest.citations import KnownOutlet, OutletMatcher, publisher_ref, read_outlet


def people(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], role) for s, e, role in find_in_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # «[نام] [سمت] گفت»
        ("به گزارش ایرنا، علی‌اکبر صفایی معاون وزیر کشور امروز گفت: ...", [("علی‌اکبر صفایی", "معاون وزیر کشور")]),
        # «[نام]، [سمت]، …»
        ("پروین سلطانی، سخنگوی کمیسیون اجتماعی مجلس، گفت: ...", [("پروین سلطانی", "سخنگوی کمیسیون اجتماعی مجلس")]),
        # «[سمت]، [نام]، …»
        ("استاندار گیلان، اسدالله عباسی، در جلسه گفت که ...", [("اسدالله عباسی", "استاندار گیلان")]),
        # «[سمت] [نام] …» with a title of address taken off
        ("شهردار تبریز دکتر ایرج شهین‌باهر در آیین افتتاح گفت: ...", [("ایرج شهین‌باهر", "شهردار تبریز")]),
        ("حجت الاسلام والمسلمین سیدمحمد موسوی‌نسب رئیس دفتر تبلیغات گفت: ...",
         [("سیدمحمد موسوی‌نسب", "رئیس دفتر تبلیغات")]),
        # A role with the organisation's list of parts and a second post
        ("کاوه زمانی معاون وزیر صنعت، معدن و تجارت گفت: ...", [("کاوه زمانی", "معاون وزیر صنعت، معدن و تجارت")]),
        # A mention, not only a speaker
        ("با حضور سمیه محمودی مدیرکل بهزیستی استان، این مرکز افتتاح شد.", [("سمیه محمودی", "مدیرکل بهزیستی استان")]),
    ],
)  # fmt: skip
def test_the_four_shapes_of_a_name_with_its_role(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "روابط عمومی سازمان حفاظت محیط زیست اعلام کرد که ...",  # an office
        "وزیر کشور در این باره گفت: ...",  # a title with no name
        "به گزارش خبرنگار ما، نشست امروز برگزار شد.",  # a reporter
        "خبرنگار ایسنا، مریم کاظمی، از محل حادثه گزارش داد.",  # a reporter by name: no official post
        "علی در کلاس گفت که معاون مدرسه نیامده است.",  # a given name alone is no one's name
        "سازمان برنامه و بودجه امروز گزارش داد.",  # an organisation
    ],
)
def test_no_one_is_invented(text):
    assert people(text) == []


def test_two_people_in_one_sentence_each_with_their_role():
    text = "حمید کاظمی رئیس سازمان بورس و لیلا نوری دبیر کانون کارگزاران در این نشست گفتند: ..."
    assert people(text) == [("حمید کاظمی", "رئیس سازمان بورس"), ("لیلا نوری", "دبیر کانون کارگزاران")]


def test_found_person_keeps_its_part_and_sentence():
    units = ["", "تیتر", "لید خبر.", "اولین جمله است. به گزارش ایسنا، رضا نیکزاد سخنگوی شورا گفت: خبر تازه."]
    (found,) = find_people(units)
    assert (found.name, found.unit) == ("رضا نیکزاد", 3)
    assert found.sentence == "به گزارش ایسنا، رضا نیکزاد سخنگوی شورا گفت: خبر تازه."


def test_one_name_in_any_spelling_is_one_key():
    assert name_key("محمدجواد آذریجهرمی") == name_key("محمدجواد آذری جهرمی") == name_key("محمدجواد آذری‌جهرمی")
    assert name_key("مهرداد جمالي پور") == name_key("مهرداد جمالی‌پور")


def test_name_and_title_variants():
    assert name_variants("سیدحسن حسینی‌شاهرودی") == ["حسن حسینی‌شاهرودی", "حسینی‌شاهرودی"]
    assert name_variants("سید عباس عراقچی") == ["عباس عراقچی", "عراقچی"]
    assert title_variants("رئیس‌کل گمرک ایران") == ["رئیس‌کل گمرک ایران", "رئیس‌کل گمرک"]


OUTLETS = OutletMatcher([KnownOutlet("خبرگزاری مهر", ("مهر",), "agency")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("به گزارش ایسنا در این بیانیه آمده است", ("ایسنا", "", False)),
        ("به گزارش خبرنگار گروه فناوری خبرگزاری ایلنا، ...", ("خبرگزاری ایلنا", "agency", False)),
        ("به گزارش خبرنگار مهر، ...", ("خبرگزاری مهر", "", True)),
        ("به گزارش روزنامه دنیای اقتصاد؛ ...", ("روزنامه دنیای اقتصاد", "newspaper", False)),
        ("به گزارش پایگاه خبری انتخاب: ...", ("پایگاه خبری انتخاب", "site", False)),
        ("به گزارش هفته‌نامه صدا به نقل از ایرنا ...", ("هفته‌نامه صدا", "newspaper", False)),
        ("به گزارش شبکه خبر، ...", ("شبکه خبر", "tv", False)),
    ],
)
def test_outlets_after_a_report_cue(text, expected):
    ref = read_outlet(OUTLETS, text, len("به گزارش "))
    assert (ref.name, ref.kind, ref.known) == expected
    if not ref.known and ref.kind:
        assert ref.aliases == (ref.name.split(maxsplit=1)[1] if " " in ref.name else ref.name,) or ref.aliases


@pytest.mark.parametrize("text", ["به گزارش رسیده، ...", "به گزارش خبرنگار ما، ...", "به گزارش روابط عمومی سازمان"])
def test_no_outlet_where_none_is_named(text):
    assert read_outlet(OUTLETS, text, len("به گزارش ")) is None


def test_a_city_dateline_is_no_outlet_but_a_reported_one_is():
    assert publisher_ref(OUTLETS, None, "تهران - جلسه امروز برگزار شد.", []) is None
    ref = publisher_ref(OUTLETS, None, "انتخاب - جلسه برگزار شد.", ["به گزارش انتخاب، ..."])
    assert (ref.name, ref.known) == ("انتخاب", False)
