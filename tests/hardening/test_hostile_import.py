"""Hostile files given to import_pages: each gets a clear message, none is half-imported, the rest import."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import jdatetime
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest.loader import MAX_PAGE_BYTES
from archive.jalali import MONTHS, TEHRAN
from archive.models import Article, Comment
from archive.persian import persian_digits

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COMMENTS_HEADER = "نظرات کاربران"


def seed_with_comments() -> str:
    """A seed page whose comment block follows a 'نظرات کاربران' header (found by content, not by name)."""
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if COMMENTS_HEADER in text:
            return text
    raise AssertionError("no seed page with a comment block")


def article_part(text: str) -> str:
    """The page up to its comment block, with the comment counters dropped."""
    head = text.split(COMMENTS_HEADER)[0]
    return head + COMMENTS_HEADER + "\n"


def comment_lines(count: int, newest: dt.datetime) -> list[str]:
    lines = []
    for i in range(count):
        moment = jdatetime.datetime.fromgregorian(datetime=(newest - dt.timedelta(minutes=i)).astimezone(TEHRAN))
        stamp = f"{moment.hour:02d}:{moment.minute:02d} {moment.day:02d} {MONTHS[moment.month - 1]} {moment.year}"
        lines += ["ناشناس" if i % 3 else f"خواننده {i}", persian_digits(stamp), f"نظر شماره {i} درباره پیام رسان ها"]
    return lines


NEWEST = dt.datetime(2018, 5, 29, 15, 0, tzinfo=TEHRAN)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    page = seed_with_comments()
    head = article_part(page)
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good_copy.txt").write_text(page, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\n\t\n", encoding="utf-8")
    rng = random.Random(7)
    (folder / "binary.bin").write_bytes(bytes(rng.randrange(256) for _ in range(50_000)))
    (folder / "windows1256.txt").write_bytes(
        page.replace("ی", "ي").replace("ک", "ك").encode("cp1256", errors="replace")
    )
    (folder / "utf16.txt").write_bytes(page.encode("utf-16"))
    (folder / "huge.txt").write_bytes((page + "\n").encode() * (MAX_PAGE_BYTES // len(page.encode()) + 2))
    (folder / "no_title.txt").write_text("\n".join(comment_lines(3, NEWEST)), encoding="utf-8")
    many = comment_lines(10_000, NEWEST)
    (folder / "ten_thousand_comments.txt").write_text(head + "\n".join(many) + "\n", encoding="utf-8")
    good = comment_lines(20, NEWEST)
    # Half-way through, a timestamp loses its author and a comment loses its text.
    broken = [*good[:30], "۱۳:۲۰ ۰۸ خرداد ۱۳۹۷", "۱۳:۱۹ ۰۸ خرداد ۱۳۹۷", *good[30:]]
    (folder / "malformed_half_way.txt").write_text(head + "\n".join(broken) + "\n", encoding="utf-8")
    (folder / "control_chars.txt").write_text(page.replace("\n", "\x1b\x07\x08\n"), encoding="utf-8")
    return folder


EXPECTED_FAILURES = {
    "empty.txt": "empty",
    "blank.txt": "empty",
    "binary.bin": "binary",
    "windows1256.txt": "not UTF-8",
    "utf16.txt": "UTF-16",
    "huge.txt": "too large",
    "control_chars.txt": "control characters",
}


def test_each_bad_file_is_named_with_its_reason_and_the_good_ones_import(hostile_folder):
    before = {a.source_file: a.import_signature for a in Article.objects.all()}
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_pages", str(hostile_folder), stdout=out, stderr=err)

    assert f"{len(EXPECTED_FAILURES)} of {len(EXPECTED_FAILURES) + 4} files failed" in str(failure.value)
    report = err.getvalue()
    for name, reason in EXPECTED_FAILURES.items():
        assert name in str(failure.value)
        (line,) = [line for line in report.splitlines() if name in line]
        assert reason in line, line

    # Nothing of a failed file reached the database; the good ones did, whole.
    stored = set(Article.objects.values_list("source_file", flat=True))
    assert not stored & set(EXPECTED_FAILURES)
    assert {"good_copy.txt", "ten_thousand_comments.txt"} <= stored
    # Unusual pages are pages: comments alone, or a comment block broken half-way, import flagged for an editor
    # with every comment kept (a time without an author, a comment without text).
    assert Article.objects.get(source_file="no_title.txt").needs_editor
    assert Article.objects.get(source_file="no_title.txt").comments.count() == 3
    broken = Article.objects.get(source_file="malformed_half_way.txt")
    assert broken.needs_editor and broken.comments.count() == 22
    assert Article.objects.get(source_file="ten_thousand_comments.txt").comments.count() == 10_000
    assert not Comment.objects.filter(article__source_file="ten_thousand_comments.txt", parent__isnull=False).exists()
    # And the archive that was there before is untouched.
    assert {a.source_file: a.import_signature for a in Article.objects.filter(source_file__in=before)} == before


def test_a_failure_while_saving_leaves_nothing_half_imported(hostile_folder, monkeypatch):
    """A page that fails half-way through its own save (here: at its 30th comment) rolls back whole."""
    from archive.ingest import loader

    original = loader.Comment.objects.create
    calls = {"n": 0}

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 30:
            raise loader.DatabaseError("disk full (simulated)")
        return original(**kwargs)

    monkeypatch.setattr(loader.Comment.objects, "create", failing_create)
    big = hostile_folder / "ten_thousand_comments.txt"
    results = loader.import_paths(
        [big, hostile_folder / "good_copy.txt"], Path(loader.__file__).parents[2] / "fixtures"
    )
    assert [r.status for r in results] == ["failed", "created"]
    assert "disk full" in results[0].message
    assert not Article.objects.filter(source_file=big.name).exists()
    assert not Comment.objects.filter(article__source_file=big.name).exists()
