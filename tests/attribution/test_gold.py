"""Statement attribution on the five seeds against the hand-checked gold file: precision and recall."""

from __future__ import annotations

import re

import pytest

from archive.exporting import export_archive
from archive.models import Article, Statement
from archive.persian import fold
from tests.attribution.gold import GOLD

pytestmark = pytest.mark.django_db

THRESHOLD = 0.95


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _units(prefix: str) -> tuple[Article, set[tuple[str, str]], set[tuple[str, str]]]:
    """(article, gold pairs, predicted pairs), a pair being (unit, person slug), units "kicker", "title",
    "lead" and "p<n>"."""
    article = Article.objects.get(source_file__startswith=prefix)
    gold = GOLD[prefix]
    paragraphs = list(article.paragraphs.order_by("position"))
    assert len(paragraphs) == len(gold["paragraphs"]), f"{prefix}: paragraph count changed; re-check the gold"
    expected: set[tuple[str, str]] = set()
    for part in ("kicker", "title", "lead"):
        expected |= {(part, slug) for slug in gold[part]}
    for paragraph, (opening, speakers) in zip(paragraphs, gold["paragraphs"], strict=True):
        assert _squash(paragraph.text).startswith(_squash(opening)), f"{prefix} ¶{paragraph.position}: {opening}"
        expected |= {(f"p{paragraph.position}", slug) for slug in speakers}
    predicted = {
        (f"p{s.paragraph.position}" if s.paragraph else s.part, s.person.slug)
        for s in Statement.objects.filter(article=article).select_related("person", "paragraph")
    }
    return article, expected, predicted


def test_precision_and_recall_against_the_gold_file(capsys):
    true_positive = predicted_total = gold_total = 0
    misses: list[str] = []
    for prefix in sorted(GOLD):
        _, expected, predicted = _units(prefix)
        true_positive += len(expected & predicted)
        predicted_total += len(predicted)
        gold_total += len(expected)
        misses += [f"{prefix} missed {u} {p}" for u, p in sorted(expected - predicted)]
        misses += [f"{prefix} wrongly {u} {p}" for u, p in sorted(predicted - expected)]
    precision = true_positive / predicted_total
    recall = true_positive / gold_total
    with capsys.disabled():
        print(
            f"\nstatement attribution on the seeds: precision {precision:.3f} ({true_positive}/{predicted_total}), "
            f"recall {recall:.3f} ({true_positive}/{gold_total})"
        )
        for line in misses:
            print("  " + line)
    assert precision >= THRESHOLD, misses
    assert recall >= THRESHOLD, misses


def test_unnamed_minister_is_not_guessed():
    """003: "وزیر ارتباطات اعلام کرد که ..." — the page never names him; two people held the post."""
    article = Article.objects.get(source_file__startswith="003")
    first = article.paragraphs.get(position=0)
    assert "وزیر ارتباطات اعلام کرد" in first.text
    assert not first.statements.exists()


def test_every_seed_statement_span_is_its_text_in_the_export():
    records = export_archive()["articles"]
    count = 0
    for record in records:
        for s in record["statements"]:
            source = record["paragraphs"][s["paragraph"]] if s["part"] == "paragraph" else record[s["part"]]
            assert source[s["start"] : s["end"]] == s["text"], (record["source_file"], s)
            assert s["text"] == s["text"].strip() and s["text"]
            count += 1
    assert count == Statement.objects.count() > 0


def test_statements_record_the_verb_as_written():
    a = Article.objects.get(source_file__startswith="004")
    verbs = {s.paragraph.position: s.verb for s in a.statements.filter(part="paragraph").exclude(verb__startswith="با")}
    assert verbs[1] == "گفته"  # "عباس آسوشه ... گفته: ..."
    assert verbs[6] == "خاطر نشان کرد"
    assert verbs[2] == "تأکید کرد"


def test_quote_runs_over_the_following_sentences_of_its_paragraph():
    """000 ¶4: "وی افزود: ... نخواهد بود. البته احترام ... است." — both sentences are his."""
    a = Article.objects.get(source_file__startswith="000")
    paragraph = a.paragraphs.get(position=4)
    (statement,) = paragraph.statements.all()
    assert statement.text.endswith("همواره مورد تأکید است.")
    assert statement.end == len(paragraph.text)


def test_indirect_words_before_the_verb_are_his_too():
    """002 ¶3: "وی با بیان اینکه <words>، افزود: ..." reports <words> as his."""
    a = Article.objects.get(source_file__startswith="002")
    texts = [s.text for s in a.paragraphs.get(position=3).statements.order_by("start")]
    assert texts[0] == "برخی کاربران از تلگرام خارج نشدند بلکه فقط برنامه آن را پاک کردند"
    assert texts[1].startswith("در گذشته شما به راحتی")
