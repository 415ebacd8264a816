"""Synthetic captured pages in the seeds' own styles, deterministic from a seed number.

The text mixes the seeds' real sentences with sentences drawn from hazm's own word list under a Zipf law
(rank r is picked with weight 1/r^s), so a few words are in almost every article and most are rare, as in
real news; term selectivity, not just volume, is what a search engine is measured on.

A page is written the way captures arrive (see seeds/): no ZWNJ, Persian and Latin digits mixed, some
pages hard-wrapped with blank lines inside sentences, some with a navigation menu, "انتهای پیام/", a
comment form and a comment list (`author / HH:MM DD month YYYY / body`, Persian digits, newest first).
Speakers and outlets come from a bench fixtures folder written beside the pages (the real fixtures plus
synthetic people and outlets), so the importer attributes and cites them with its ordinary rules.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jdatetime

from archive.jalali import MONTHS, WEEKDAYS
from archive.persian import ZWNJ, persian_digits

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
FIXTURES_DIR = ROOT / "fixtures"

ZIPF_EXPONENT = 1.07
VOCABULARY_SIZE = 60_000

FIRST_NAMES = (
    "علی", "محمد", "حسین", "رضا", "مهدی", "حسن", "مریم", "زهرا", "فاطمه", "سارا", "نرگس", "مجید", "سعید",
    "حمید", "بهروز", "کاوه", "فرهاد", "نسرین", "لیلا", "پروین", "مصطفی", "ابراهیم", "اکبر", "جواد", "کامران",
    "شهرام", "بیژن", "منصور", "داوود", "یوسف",
)  # fmt: skip
SURNAMES = (
    "رحیمی", "کریمی", "موسوی", "حسینی", "احمدی", "جعفری", "صادقی", "نوری", "قاسمی", "طاهری", "کاظمی", "یزدانی",
    "شریفی", "مرادی", "فرهادی", "بهرامی", "رستمی", "سلطانی", "نیکزاد", "امینی", "زمانی", "اکبری", "عسگری",
    "خسروی", "منصوری", "حیدری", "فاضلی", "ملکی", "توکلی", "باقری", "شیرازی", "تهرانی", "اصفهانی", "کرمانی",
    "گیلانی", "دهقان", "کشاورز", "آهنگر", "نجفی", "مشهدی",
)  # fmt: skip
ORGANISATIONS = (
    "وزارت نیرو", "وزارت نفت", "وزارت کشور", "وزارت اقتصاد", "وزارت بهداشت", "وزارت آموزش و پرورش",
    "وزارت صنعت معدن و تجارت", "وزارت راه و شهرسازی", "وزارت فرهنگ و ارشاد اسلامی", "وزارت ورزش و جوانان",
    "سازمان برنامه و بودجه", "بانک مرکزی", "سازمان محیط زیست", "شهرداری تهران", "سازمان تنظیم مقررات",
    "مرکز آمار", "سازمان هواپیمایی کشوری", "سازمان بورس",
)  # fmt: skip
ROLE_PATTERNS = ("سخنگوی {org}", "معاون {org}", "مدیرکل روابط عمومی {org}", "رئیس {org}", "مشاور {org}")
OUTLET_WORDS = (
    "خبرگزاری ایرنا", "خبرگزاری ایسنا", "خبرگزاری فارس", "روزنامه همشهری", "روزنامه شرق", "روزنامه ایران",
    "خبرآنلاین", "عصر ایران", "اقتصادنیوز", "دنیای اقتصاد", "خبرگزاری ایلنا", "روزنامه اعتماد",
)  # fmt: skip
MENU_ITEMS = (
    "صفحه نخست", "سیاسی", "اقتصادی", "اجتماعی", "فرهنگی هنری", "ورزشی", "بینالملل", "علمی پزشکی", "استان ها",
    "فیلم و صوت", "عکس", "وبگردی", "شهروند خبرنگار", "سایر بخشها", "سایر زبان ها",
)  # fmt: skip
SPEECH = ("گفت", "افزود", "تصریح کرد", "ادامه داد", "اظهار کرد", "عنوان کرد", "بیان کرد", "خاطرنشان کرد")
VERBS = ("است", "بود", "شد", "کرد", "دارد", "می شود", "خواهد شد", "شده است", "نیست", "می کنند", "داده است")
EVENTS = ("نشست خبری", "جلسه شورا", "همایش سالانه", "برنامه گفتگوی ویژه خبری", "مراسم افتتاحیه", "جمع خبرنگاران")


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    surname: str
    title: str
    organisation: str


@dataclass
class Corpus:
    """The material pages are made of, built once per run."""

    words: list[str]
    cumulative: list[float]
    seed_sentences: list[str]
    people: list[Person]
    outlets: list[str]
    person_weights: list[float] = field(default_factory=list)

    def zipf_words(self, rng: random.Random, k: int) -> list[str]:
        total = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, rng.random() * total)] for _ in range(k)]


def hazm_words_file() -> Path:
    import hazm

    return Path(hazm.__file__).resolve().parent / "data" / "words.dat"


def load_vocabulary(limit: int = VOCABULARY_SIZE) -> list[str]:
    """hazm's word list, most frequent first (its second column is a corpus count), letters only."""
    entries = []
    for line in hazm_words_file().read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not re.fullmatch(r"[آ-ی]{2,}", parts[0]):
            continue
        entries.append((-int(parts[1] or 0), parts[0]))
    entries.sort()
    return [word for _, word in entries[:limit]]


def seed_sentences() -> list[str]:
    """Every sentence of the seed pages' article text (comments and headline lines left out)."""
    from archive.ingest.comments import find_comment_start
    from archive.ingest.structure import sentences

    out: list[str] = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        start = find_comment_start(lines)
        text = " ".join(line.strip() for line in (lines if start is None else lines[:start]) if line.strip())
        for sentence in sentences(text):
            if len(sentence) > 40 and sentence[-1] in ".!؟" and ":" not in sentence:
                out.append(sentence)
    return out


def build_corpus(seed: int, people: int = 300) -> Corpus:
    words = load_vocabulary()
    cumulative = list(itertools.accumulate(1.0 / (rank**ZIPF_EXPONENT) for rank in range(1, len(words) + 1)))
    rng = random.Random(seed)
    names = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
    rng.shuffle(names)
    chosen: list[Person] = []
    for i, (first, surname) in enumerate(names[:people]):
        org = ORGANISATIONS[i % len(ORGANISATIONS)]
        pattern = ROLE_PATTERNS[(i // len(ORGANISATIONS)) % len(ROLE_PATTERNS)]
        chosen.append(Person(f"bench-person-{i:04d}", f"{first} {surname}", surname, pattern.format(org=org), org))
    real_outlets = [o["name"] for o in json.loads((FIXTURES_DIR / "outlets.json").read_text(encoding="utf-8"))]
    corpus = Corpus(words, cumulative, seed_sentences(), chosen, real_outlets + list(OUTLET_WORDS))
    # Speakers are Zipf-distributed too: a few officials speak in many articles.
    corpus.person_weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(chosen))))
    return corpus


def write_fixtures(corpus: Corpus, folder: Path) -> None:
    """The real fixtures plus the synthetic people and outlets, as the importer reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES_DIR / "people.json", folder / "people.json")
    people = json.loads((FIXTURES_DIR / "people.json").read_text(encoding="utf-8"))
    surnames = {}
    for p in corpus.people:
        surnames.setdefault(p.surname, []).append(p.slug)
    for p in corpus.people:
        # A surname several people share is no alias: the attributor would find it ambiguous anyway.
        aliases = [p.surname] if len(surnames[p.surname]) == 1 else []
        role = {"title": p.title, "organisation": p.organisation, "aliases": [], "start": None, "end": None}
        people.append({"slug": p.slug, "name": p.name, "aliases": aliases, "roles": [role]})
    (folder / "people.json").write_text(json.dumps(people, ensure_ascii=False, indent=1), encoding="utf-8")
    outlets = json.loads((FIXTURES_DIR / "outlets.json").read_text(encoding="utf-8"))
    for i, name in enumerate(OUTLET_WORDS):
        outlets.append({"slug": f"bench-outlet-{i:02d}", "name": name, "kind": "site", "aliases": []})
    (folder / "outlets.json").write_text(json.dumps(outlets, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "pages.json").write_text("{}", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------
# One page


def _digits(rng: random.Random, text: str) -> str:
    """Captures mix digit sets: most numbers Persian, some Latin."""
    return persian_digits(text) if rng.random() < 0.7 else text


def _sentence(corpus: Corpus, rng: random.Random, low: int = 7, high: int = 22) -> str:
    if rng.random() < 0.3:
        return rng.choice(corpus.seed_sentences)
    words = corpus.zipf_words(rng, rng.randint(low, high))
    if rng.random() < 0.3:
        words.insert(rng.randrange(1, len(words)), "،")
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), _digits(rng, str(rng.randint(2, 900))))
    text = " ".join(words).replace(" ،", "،")
    return f"{text} {rng.choice(VERBS)}."


def _speaker(corpus: Corpus, rng: random.Random) -> Person:
    total = corpus.person_weights[-1]
    return corpus.people[bisect.bisect(corpus.person_weights, rng.random() * total)]


def _publication(rng: random.Random) -> jdatetime.date:
    return jdatetime.date(1390, 1, 1) + jdatetime.timedelta(days=rng.randrange(12 * 365))


def _stated_date(day: jdatetime.date, rng: random.Random) -> str:
    weekday = WEEKDAYS[day.weekday()].replace(ZWNJ, " ")
    text = f"{weekday} {day.day} {MONTHS[day.month - 1]} {day.year}"
    return _digits(rng, text)


def _paragraphs(corpus: Corpus, rng: random.Random, speakers: list[Person]) -> list[str]:
    """Speech turns the way news prose writes them: full name + title first, then وی / surname / title alone."""
    out: list[str] = []
    for i in range(rng.randint(3, 9)):
        person = speakers[i % len(speakers)]
        verb = rng.choice(SPEECH)
        said = " ".join(_sentence(corpus, rng) for _ in range(rng.randint(1, 3)))
        first_time = all(person.name not in p for p in out)
        if first_time:
            subject = f"{person.name} {person.title}"
        else:
            aside = "وی با اشاره به اینکه " + _sentence(corpus, rng)[:-1] + "،"
            subject = rng.choice(["وی", person.surname, person.title, aside])
        if rng.random() < 0.25:
            out.append(" ".join(_sentence(corpus, rng) for _ in range(rng.randint(1, 3))))  # narration
        out.append(f"{subject} {verb}: {said}")
    return out


def _comments(corpus: Corpus, rng: random.Random, day: jdatetime.date, count: int) -> list[str]:
    lines: list[str] = []
    minute = rng.randint(60 * 12, 60 * 40)  # minutes after the publication day's midnight, newest first
    for _ in range(count):
        minute = max(0, minute - rng.randint(1, 90))
        posted = day + jdatetime.timedelta(days=minute // 1440)
        hh, mm = divmod(minute % 1440, 60)
        month = MONTHS[posted.month - 1]
        stamp = persian_digits(f"{hh:02d}:{mm:02d} {posted.day:02d}") + f" {month} " + persian_digits(str(posted.year))
        author = "ناشناس" if rng.random() < 0.85 else rng.choice([rng.choice(FIRST_NAMES), _speaker(corpus, rng).name])
        body = " ".join(corpus.zipf_words(rng, rng.randint(3, 18)))
        if rng.random() < 0.1:
            body = body.replace("ی", "ي").replace("ک", "ك")  # commenters on Arabic keyboards
        if rng.random() < 0.2:
            body += rng.choice(["؟؟؟", "!!!", "؟", " " + str(rng.randint(2, 99)) + " میلیون"])
        if rng.random() < 0.1:
            body += "\n" + " ".join(corpus.zipf_words(rng, rng.randint(3, 12)))
        lines += [author, stamp, body]
    return lines


def _wrap(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Hard wraps at ~100 characters with blank lines inside sentences, as in seeds 000 and 004."""
    width = rng.randint(90, 118)
    lines: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                if rng.random() < 0.3:
                    lines.append("")
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines += [line, ""]
    return lines


def make_page(corpus: Corpus, rng: random.Random) -> str:
    style = rng.choices(["wrapped", "lines", "portal"], weights=[3, 4, 3])[0]
    day = _publication(rng)
    speakers = [_speaker(corpus, rng) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    outlet = rng.choice(corpus.outlets)
    title = " ".join(corpus.zipf_words(rng, rng.randint(5, 12)))
    kicker = f"{speakers[0].surname} در {rng.choice(EVENTS)}:" if rng.random() < 0.4 else ""
    when = _stated_date(day, rng)
    event = rng.choice(EVENTS)
    cite = f" به نقل از {rng.choice(corpus.outlets)}" if rng.random() < 0.3 else ""
    lead_style = rng.random()
    if lead_style < 0.6:
        who = f"{speakers[0].name} {speakers[0].title}"
        lead = f"به گزارش {outlet}{cite}، {who} امروز ({when}) در {event} {_sentence(corpus, rng)}"
    elif lead_style < 0.9:
        lead = f"{outlet} - {_sentence(corpus, rng)} به گزارش {outlet}{cite}، این {event} دیروز ({when}) برگزار شد."
    else:
        lead = f"به گزارش {outlet}{cite}، {_sentence(corpus, rng)}"  # no date stated
    paragraphs = [lead, *_paragraphs(corpus, rng, speakers)]

    lines: list[str] = []
    if style == "portal":
        lines += [item for item in rng.sample(MENU_ITEMS, rng.randint(5, 12)) for item in (item, "")]
    if kicker:
        lines += [kicker, ""]
    lines += [title, ""]
    if style == "wrapped":
        lines += _wrap(paragraphs, rng)
    else:
        lines += [line for p in paragraphs for line in (p, "")]
    count = 0
    if style == "portal":
        lines += ["انتهای پیام/", "", " ".join(corpus.zipf_words(rng, 7)), ""]
        count = min(int(rng.paretovariate(1.1) * 3) - 3, 150)
        if count:
            lines += ["تبادل نظر", "نظرات کاربران", f"انتشار یافته: {persian_digits(str(count))}"]
    elif rng.random() < 0.15:
        count = rng.randint(1, 6)
    if count:
        lines += _comments(corpus, rng, day, count)
    return "\n".join(lines) + "\n"


def generate(n: int, folder: Path, seed: int = 1397) -> Corpus:
    """Write n pages (and the bench fixtures, in folder/fixtures) deterministically from `seed`."""
    corpus = build_corpus(seed)
    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    write_fixtures(corpus, folder / "fixtures")
    rng = random.Random(seed)
    for i in range(n):
        text = make_page(corpus, rng)
        (pages / f"{i:06d}_{rng.getrandbits(32):08x}.txt").write_text(text, encoding="utf-8")
    return corpus
