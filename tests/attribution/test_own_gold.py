"""People, outlets and statements found in own pages (tests/attribution/pages/) with no fixture for them,
against the hand-read gold (own_gold.py): precision and recall printed, each must be ≥ 0.95."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from archive.ingest.loader import import_paths
from archive.models import Article, Origin, Outlet, Person, Statement
from archive.persian import fold
from tests.attribution.own_gold import OWN_GOLD

pytestmark = pytest.mark.django_db

THRESHOLD = 0.95
ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


@pytest.fixture(autouse=True)
def own_index(private_index):
    """These tests change data inside a transaction that is rolled back: they write to an index of their own."""


@pytest.fixture
def imported(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(PAGES, pages)
    results = import_paths([pages], ROOT / "fixtures")
    assert all(r.status in ("created", "updated", "unchanged") for r in results), [r.message for r in results]
    return {r.path.name[:3]: Article.objects.get(source_file=r.path.name) for r in results}


def _person_id(person: Person) -> set[str]:
    """Every way the gold may name this person: slug, name and aliases, squashed."""
    return {person.slug, *(_squash(n) for n in person.all_names())}


def _matches(gold_name: str, person: Person) -> bool:
    return gold_name == person.slug or _squash(gold_name) in _person_id(person)


def _score(name: str, gold: set, predicted: set, misses: list[str]) -> tuple[float, float]:
    hit = len(gold & predicted)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(gold) if gold else 1.0
    misses += [f"{name} missed {x}" for x in sorted(gold - predicted)]
    misses += [f"{name} wrongly {x}" for x in sorted(predicted - gold)]
    print(f"{name}: precision {precision:.3f} ({hit}/{len(predicted)}), recall {recall:.3f} ({hit}/{len(gold)})")
    return precision, recall


def _canonical(gold_name: str, people: list[Person]) -> str:
    """The gold's name for a person, when a predicted person matches it (else the person's own name)."""
    return gold_name


def test_people_outlets_and_statements_against_the_gold(imported, capsys):
    gold_people: set[tuple[str, str, str]] = set()
    predicted_people: set[tuple[str, str, str]] = set()
    gold_outlets: set[tuple[str, str, str]] = set()
    predicted_outlets: set[tuple[str, str, str]] = set()
    gold_statements: set[tuple[str, str, str]] = set()
    predicted_statements: set[tuple[str, str, str]] = set()

    for prefix, gold in sorted(OWN_GOLD.items()):
        article = imported[prefix]
        # People: (page, who, role as shown), a predicted person named as the gold names them when it matches.
        names = list(gold["people"])
        for appearance in article.appearances.select_related("person"):
            person = appearance.person
            who = next((n for n in names if _matches(n, person)), person.name)
            predicted_people.add((prefix, who, _squash(appearance.role)))
        gold_people |= {(prefix, n, _squash(role)) for n, role in gold["people"].items()}

        # Outlets: (page, name, kind) for the publisher and each link of the citation chain.
        outlets = [article.outlet] if article.outlet else []
        outlets += [s.outlet for s in article.sources.select_related("outlet")]
        for outlet in outlets:
            names_of = {_squash(n) for n in outlet.all_names()}
            who = next((n for n in gold["outlets"] if _squash(n) in names_of), outlet.name)
            predicted_outlets.add((prefix, who, outlet.kind))
        gold_outlets |= {(prefix, n, kind) for n, kind in gold["outlets"].items()}

        # Statements: (page, unit, who) as in the seeds' gold.
        paragraphs = list(article.paragraphs.order_by("position"))
        assert len(paragraphs) == len(gold["paragraphs"]), f"{prefix}: paragraph count changed; re-check the gold"
        for part in ("kicker", "title", "lead"):
            gold_statements |= {(prefix, part, n) for n in gold[part]}
        for paragraph, (opening, speakers) in zip(paragraphs, gold["paragraphs"], strict=True):
            assert _squash(paragraph.text).startswith(_squash(opening)), f"{prefix} ¶{paragraph.position}: {opening}"
            gold_statements |= {(prefix, f"p{paragraph.position}", n) for n in speakers}
        gold_names = {n for n in gold["people"]}
        for s in Statement.objects.filter(article=article).select_related("person", "paragraph"):
            unit = f"p{s.paragraph.position}" if s.paragraph else s.part
            who = next((n for n in gold_names if _matches(n, s.person)), s.person.name)
            predicted_statements.add((prefix, unit, who))

    misses: list[str] = []
    with capsys.disabled():
        print()
        scores = {
            "people found in own pages": _score("people", gold_people, predicted_people, misses),
            "outlets": _score("outlets", gold_outlets, predicted_outlets, misses),
            "statements": _score("statements", gold_statements, predicted_statements, misses),
        }
        for line in misses:
            print("  " + line)
    for precision, recall in scores.values():
        assert precision >= THRESHOLD, misses
        assert recall >= THRESHOLD, misses


def test_one_person_across_pages_under_two_spellings(imported):
    """902 writes «جمالی‌پور» (ZWNJ), 905 «جمالي پور» (spaced, Arabic ي): one person, quoted on both."""
    people = [p for p in Person.objects.all() if _squash("مهرداد جمالی‌پور") in _person_id(p)]
    assert len(people) == 1
    assert set(people[0].statements.values_list("article__source_file", flat=True)) >= {
        imported["902"].source_file,
        imported["905"].source_file,
    }
    assert people[0].origin == Origin.FOUND
    assert people[0].found_sentence and people[0].found_in is not None


def test_fixture_people_are_never_duplicated(imported):
    for slug in ("azari-jahromi", "vaezi"):
        person = Person.objects.get(slug=slug)
        assert person.origin == Origin.CONFIRMED
        clones = [p for p in Person.objects.exclude(pk=person.pk) if _squash(person.name) in _person_id(p)]
        assert not clones


def test_two_speakers_in_one_paragraph_keep_their_own_sentences(imported):
    paragraph = imported["903"].paragraphs.get(position=1)
    by_person = {s.person.name: s.text for s in paragraph.statements.select_related("person")}
    assert by_person[next(n for n in by_person if "توکلیان" in n)].startswith("وزارت آموزش و پرورش باید")
    assert "تعیین سقف دستوری" not in by_person[next(n for n in by_person if "توکلیان" in n)]
    assert by_person[next(n for n in by_person if "میرزایی" in n)].startswith("تعیین سقف دستوری")


def test_no_person_for_organisations_titles_reporters_and_cities(imported):
    names = [p.name for p in Person.objects.filter(origin=Origin.FOUND)]
    for word in ("روابط عمومی", "سمیرا نادری", "وزیر صنعت", "وزیر بهداشت", "تهران", "پلیس راهور"):
        assert not any(_squash(word) in _squash(n) for n in names), (word, names)
    assert not Outlet.objects.filter(name="تهران").exists()


def test_a_found_role_is_dated_with_the_article(imported):
    """901 states its day (دوشنبه ۱۴ آبان ۱۳۹۷): the role it gives holds from that day to that day."""
    person = next(p for p in Person.objects.all() if _squash("بهزاد رحمانی نژاد") in _person_id(p))
    (role,) = person.roles.all()
    article = imported["901"]
    assert article.published_precision == "day"
    assert (role.start, role.end) == (article.published_start, article.published_end)
    assert role.title == "سخنگوی صنعت آب"
