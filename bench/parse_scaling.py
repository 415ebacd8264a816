"""Does a page cost time in proportion to its size? Parse time per block count, for each kind of block.

`python -m bench.parse_scaling [--sizes 1000 10000] [--kinds ...] [--limit SECONDS] [--profile KIND:N]`
prints a table: for paragraphs, short lines, menus and comments, the CPU seconds `parse_page` (and the
stated-date step) takes on a page of N blocks, and the ratio to the smallest size. Linear work shows ratios close to the
ratio of the sizes (10,000 / 1,000 → ~10); a quadratic step shows as ~100. It needs no database. A size that
runs past `--limit` seconds is stopped and shown as "> limit". `--profile` prints the top cProfile entries
of one case instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import signal
import sys
import time

# Words of ordinary news prose, to vary the text (identical blocks would make repeat checks trivially cheap).
_WORDS = [
    "شورای",
    "شهر",
    "بودجه",
    "سال",
    "آینده",
    "طرح",
    "نوسازی",
    "ناوگان",
    "حمل",
    "و",
    "نقل",
    "عمومی",
    "را",
    "بررسی",
    "کرد",
    "و",
    "نمایندگان",
    "درباره",
    "هزینه",
    "اجرای",
    "آن",
    "در",
    "مناطق",
    "جنوبی",
    "پایتخت",
    "و",
    "سهم",
    "دولت",
    "و",
    "شهرداری",
    "نظرهای",
    "متفاوتی",
    "داشتند",
    "اتوبوس",
    "مترو",
    "قطار",
    "خط",
    "ایستگاه",
    "مسافر",
    "بلیت",
    "کرایه",
    "ترافیک",
    "خیابان",
    "بزرگراه",
    "پل",
    "تونل",
    "پروژه",
    "پیمانکار",
    "قرارداد",
    "مناقصه",
    "اعتبار",
    "ردیف",
    "تبصره",
]


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def page_of(kind: str, n: int, seed: int = 1) -> str:
    """A page whose body is `n` blocks of one kind, under a headline and lead."""
    rng = random.Random(seed)
    head = ["ناوگان اتوبوسرانی پایتخت نوسازی می شود", "", "شورای شهر طرح نوسازی ناوگان را تصویب کرد.", ""]
    if kind == "paragraphs":
        body = [f"{_phrase(rng, rng.randint(18, 40))} ({i}).\n" for i in range(n)]
    elif kind == "short":  # one short line per block, no end mark: each a pull-quote candidate
        body = [f"{_phrase(rng, rng.randint(3, 6))} {i}\n" for i in range(n)]
    elif kind == "menus":  # a navigation menu of n items above the headline
        menu = [_phrase(rng, rng.randint(1, 3)) for _ in range(n)]
        return "\n".join([*menu, "", *head, "متن خبر در یک بند است.", ""])
    elif kind == "comments":
        lines: list[str] = []
        for i in range(n):
            minute = 59 - (i % 60)
            lines += [f"خواننده {i}", f"۱۲:{minute:02d} ۰۸ خرداد ۱۳۹۷", _phrase(rng, rng.randint(4, 20))]
        return "\n".join([*head, "متن خبر در یک بند است.", "", "نظرات", *lines, ""])
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return "\n".join(head) + "\n".join(body)


KINDS = ("paragraphs", "short", "menus", "comments")


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong


def time_parse(text: str, limit: float) -> float | None:
    """CPU seconds to parse `text` and read its stated date, or None past `limit` wall seconds.

    CPU time, not wall time: on a shared machine the wall clock measures the neighbours too."""
    from archive.ingest.parser import parse_page, with_stated_date

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.process_time()
    try:
        with_stated_date(parse_page(text), [])
    except _TooLong:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a case is stopped")
    parser.add_argument("--profile", metavar="KIND:N", help="print cProfile's top entries for one case")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from archive.ingest.parser import parse_page

    parse_page("گرم کردن\n\nیک بند کوتاه.\n")  # hazm's word lists load once, outside the timings

    if args.profile:
        kind, n = args.profile.split(":")
        text = page_of(kind, int(n))
        profiler = cProfile.Profile()
        profiler.enable()
        time_parse(text, args.limit)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
        return 0

    sizes = sorted(args.sizes)
    print(f"{'kind':<12}" + "".join(f"{n:>14,}" for n in sizes) + f"{'ratio':>10}")
    for kind in args.kinds:
        row = [time_parse(page_of(kind, n), args.limit) for n in sizes]
        cells = "".join(f"{t:>13.2f}s" if t is not None else f"{'> ' + str(int(args.limit)):>13}s" for t in row)
        first, last = row[0], row[-1]
        ratio = f"{last / first:>10.1f}" if first and last else f"{'-':>10}"
        print(f"{kind:<12}{cells}{ratio}", flush=True)
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.exit(main())
