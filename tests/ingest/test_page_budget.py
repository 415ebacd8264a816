"""import_pages --page-timeout: a page over its budget fails with a clear message and the next imports."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest import loader
from archive.models import Article

pytestmark = pytest.mark.django_db


def test_a_slow_page_fails_with_its_reason_and_the_import_goes_on(tmp_path, monkeypatch):
    (tmp_path / "a_slow.txt").write_text("تیتر کند\n\nاین صفحه کند است و زمان زیادی می‌برد.\n", encoding="utf-8")
    (tmp_path / "b_fine.txt").write_text("تیتر خوب\n\nاین صفحه عادی است و زود وارد می‌شود.\n", encoding="utf-8")
    real = loader.parse_page

    def parse(text, outlets=()):
        if "کند" in text:  # a parser stuck in a loop: it burns CPU time (the budget's clock)
            started = time.process_time()
            while time.process_time() - started < 5:
                pass
        return real(text, outlets)

    monkeypatch.setattr(loader, "parse_page", parse)
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"1 of 2 files failed: a_slow\.txt"):
        call_command("import_pages", str(tmp_path), "--page-timeout", "0.2", stdout=out, stderr=out)
    assert "a_slow.txt: took longer than 0.2 s of CPU time to read (--page-timeout)" in out.getvalue()
    assert list(
        Article.objects.filter(source_file__in=["a_slow.txt", "b_fine.txt"]).values_list("source_file", flat=True)
    ) == ["b_fine.txt"]


def test_a_word_of_forty_thousand_letters_and_four_thousand_short_blocks_import(tmp_path):
    word = "ب" * 40_000
    (tmp_path / "long_word.txt").write_text(f"تیتر\n\nلید با واژه {word} که تمام می‌شود.\n", encoding="utf-8")
    short = "\n\n".join(f"خط کوتاه شماره {i} بی نقطه" for i in range(4_000))
    (tmp_path / "short_blocks.txt").write_text(f"تیتر\n\nلید خبر کوتاه است.\n\n{short}\n", encoding="utf-8")
    call_command("import_pages", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.get(source_file="long_word.txt").lead.count("ب") >= 40_000
    assert Article.objects.get(source_file="short_blocks.txt").paragraphs.count() == 4_000
