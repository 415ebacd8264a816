"""Own pages, in the seeds' raw styles (hard wraps with blank lines mid-sentence, no ZWNJ, Latin and Persian
digits), imported through the real importer with own people added to the fixtures: statements and figures in
the database, and the person data across two outlets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive.ingest.loader import import_paths
from archive.models import Article, Person
from archive.people import person_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_index(private_index):
    """These tests change data inside a transaction that is rolled back: they write to an index of their own."""


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

OWN_PEOPLE = [
    {
        "slug": "test-karimi",
        "name": "رضا کریمی",
        "aliases": ["کریمی"],
        "roles": [
            {
                "title": "رئیس سازمان فناوری اطلاعات",
                "organisation": "سازمان فناوری اطلاعات",
                "aliases": ["رئیس سازمان فناوری اطلاعات ایران"],
                "start": None,
                "end": None,
            }
        ],
    },
    {
        "slug": "test-rezaei",
        "name": "علی رضایی",
        "aliases": ["رضایی"],
        "roles": [{"title": "نماینده مجلس", "organisation": "مجلس", "aliases": ["این نماینده مجلس"]}],
    },
]

PAGE_A = """سازمان فناوری اطلاعات خبر داد

شبکه ملی تا پایان سال آماده می شود

رئیس سازمان فناوری اطلاعات از آماده شدن فاز دوم شبکه ملی اطلاعات تا پایان سال خبر داد.

به گزارش ایسنا، رضا کریمی رئیس سازمان فناوری اطلاعات در نشست خبری امروز اظهار داشت: فاز دوم شبکه
ملی تا پایان سال آماده می شود و تاکنون 3 میلیون خانوار به آن وصل شده اند.

وی افزود: سرعت اینترنت در این فاز دو برابر می شود و هزینه ها افزایش نمی یابد. ما برای این کار چهار سال

وقت گذاشته ایم.

رئیس سازمان فناوری اطلاعات ایران تصریح کرد: بیش از 2.5 میلیارد ریال برای این طرح هزینه شده است.

علی رضایی نماینده مجلس نیز در این نشست حضور داشت و از مرکز داده بازدید کرد.

این نماینده مجلس گفت که کمیسیون از این طرح حمایت می کند.
"""

PAGE_B = """کریمی در گفتگو با رادیو گفتگو:

فاز دوم شبکه ملی آماده است

رئیس سازمان فناوری اطلاعات گفت: حدود ۴ میلیون خانوار به شبکه ملی وصل شده اند.

به گزارش خبرآنلاین، رضا کریمی امروز در گفتگو با رادیو گفتگو افزود: ما برای این کار سه سال وقت گذاشته ایم و

۲ میلیارد ریال هزینه کرده ایم.

او ادامه داد: مردم نگران سرعت نباشند.
"""


@pytest.fixture
def imported(tmp_path):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    shutil.copy(FIXTURES / "outlets.json", fixtures / "outlets.json")
    people = json.loads((FIXTURES / "people.json").read_text(encoding="utf-8")) + OWN_PEOPLE
    (fixtures / "people.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    (fixtures / "pages.json").write_text("{}", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "901_own_a.txt").write_text(PAGE_A, encoding="utf-8")
    (pages / "902_own_b.txt").write_text(PAGE_B, encoding="utf-8")
    results = import_paths([pages], fixtures)
    assert [r.status for r in results] == ["created", "created"], [r.message for r in results]
    return {r.path.name: r.article for r in results}


def said(article: Article) -> list[tuple[str, str, str]]:
    """(part or paragraph opening, speaker slug, statement text) for each statement."""
    order = {"kicker": 0, "title": 1, "lead": 2, "paragraph": 3}
    statements = sorted(
        article.statements.select_related("person", "paragraph"),
        key=lambda s: (order[s.part], s.paragraph.position if s.paragraph else 0, s.start),
    )
    return [(s.paragraph.text[:10] if s.paragraph else s.part, s.person.slug, s.text) for s in statements]


def test_own_page_a_in_the_database(imported):
    article = imported["901_own_a.txt"]
    rows = said(article)
    speakers = [(where, slug) for where, slug, _ in rows]
    assert speakers == [
        ("به گزارش ا", "test-karimi"),
        ("وی افزود: ", "test-karimi"),
        ("رئیس سازما", "test-karimi"),
        ("این نمایند", "test-rezaei"),
    ]
    # The wrapped sentence is whole again, and the quote runs over its two sentences.
    assert rows[1][2] == (
        "سرعت اینترنت در این فاز دو برابر می‌شود و هزینه‌ها افزایش نمی‌یابد. ما برای این کار چهار سال وقت گذاشته‌ایم."
    )
    assert rows[3][2] == "کمیسیون از این طرح حمایت می‌کند."  # indirect: "گفت که ..."
    quoted = {a.person.slug: a.quoted for a in article.appearances.select_related("person")}
    assert quoted == {"test-karimi": True, "test-rezaei": True}


def test_own_page_b_kicker_title_lead_and_pronoun(imported):
    rows = said(imported["902_own_b.txt"])
    assert [(where, slug) for where, slug, _ in rows] == [
        ("title", "test-karimi"),  # the kicker "کریمی در گفتگو با ...:"
        ("lead", "test-karimi"),  # his title alone; the page names him further down
        ("به گزارش خ", "test-karimi"),
        ("او ادامه د", "test-karimi"),
    ]


def test_the_same_officials_figures_side_by_side_across_two_pages(imported):
    page = person_page(Person.objects.get(slug="test-karimi"))
    assert {g.article.source_file for g in page.articles} == {"901_own_a.txt", "902_own_b.txt"}
    rows = {row.unit: row for row in page.figure_rows}
    households = {a.source_file: [f.figure.value for f in fs] for a, fs in rows["خانوار"].by_article}
    assert households == {"901_own_a.txt": [3e6], "902_own_b.txt": [4e6]}
    years = {a.source_file: [f.figure.value for f in fs] for a, fs in rows["سال"].by_article}
    assert years == {"901_own_a.txt": [4], "902_own_b.txt": [3]}
    rials = {a.source_file: [f.figure.value for f in fs] for a, fs in rows["ریال"].by_article}
    assert rials == {"901_own_a.txt": [2.5e9], "902_own_b.txt": [2e9]}
    assert rows["خانوار"].differs and rows["سال"].differs and rows["ریال"].differs
