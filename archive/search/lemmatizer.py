"""hazm's Lemmatizer, same answers, in a fraction of the memory: what every process that analyses text holds.

hazm builds its Lemmatizer as two dicts: 193,000 dictionary words (each with its frequency and tags) and
502,000 verb forms (every conjugation of its 693 verbs, joined compounds included): 118 MB of Python objects
in each web worker, importer and analysing process. The analyzer only asks `lemmatize(word)` without a part
of speech, which reads membership and the form → verb look-up, so `CompactLemmatizer` keeps

* the words as a frozenset of their strings (no frequencies, no tags);
* the verb forms as one table sorted by a hash of the form (crc32): the hashes (`array('I')`, searched
  with `bisect` in C), each form's end in one long string (a hash match is confirmed against the form
  itself: a collision is never an answer) and the index of its verb.

The table is built from hazm's own Lemmatizer (the answers are hazm's by construction; tests/search/
test_analysis.py compares the two on every word, every verb form and random strings), in a child process:
freeing hazm's 700,000 small objects would leave this process's heap fragmented, about 60 MB of it never
returned. The child's bytes are kept in a cache file per hazm version (`cache_path()`), so a machine builds
them once (about 4 s) and every later process reads them (about 0.2 s).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

log = logging.getLogger("archive.search")

FORMAT = 3  # bump when the bytes below change
FILTER_BITS = 23  # a bit per hash prefix (1 MB): most words that are no verb form are told so by one bit
MAGIC = b"bayegan-lemmas"
ROOT = Path(__file__).resolve().parents[2]


class TailStemmer:
    """hazm's Stemmer rule, looked up by the word's last letters instead of tried suffix by suffix.

    The rule (hazm.Stemmer.stem): cut the longest of its suffixes the word ends with — a one-letter suffix
    only when three letters remain —, then turn a final `ۀ` into `ه` and drop a final ZWNJ. hazm tries its
    30 suffixes one `endswith` at a time (about 3 µs for a word with no suffix, 1 µs here), and the
    Lemmatizer runs it on every word its dictionary lacks: most glued pairs (`analysis._join_terms`) are such
    words. Same answers (tests/search/test_analysis.py compares the two on the dictionary and random strings)."""

    def __init__(self, ends: Iterable[str]):
        self.ends = frozenset(ends)
        self.lengths = sorted({len(end) for end in self.ends}, reverse=True)

    def stem(self, word: str) -> str:
        size = len(word)
        for length in self.lengths:
            if length <= size and word[-length:] in self.ends:
                if length == 1 and size - 1 < 3:
                    continue
                word = word[:-length]
                break
        if word.endswith("ۀ"):
            word = word[:-1] + "ه"
        if word.endswith("\u200c"):
            word = word[:-1]
        return word


def _hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def _filter(hashes: Iterable[int]) -> bytes:
    bits = bytearray(1 << (FILTER_BITS - 3))
    for h in hashes:
        top = h >> (32 - FILTER_BITS)
        bits[top >> 3] |= 1 << (top & 7)
    return bytes(bits)


SECTIONS = ("words", "values", "keys", "hashes", "ends", "value_of", "filter", "suffixes")


def serialize(words: Iterable[str], verbs: dict[str, str], suffixes: Iterable[str]) -> bytes:
    """hazm's two tables and its stemmer's suffixes as bytes: a header line (JSON: the sections' sizes), then
    the sections."""
    values = sorted(set(verbs.values()))
    number = {value: i for i, value in enumerate(values)}
    rows = sorted(verbs.items(), key=lambda item: (_hash(item[0]), item[0]))
    ends, end = array("I"), 0
    for key, _ in rows:
        end += len(key)
        ends.append(end)
    sections = {
        "words": "\n".join(sorted(words)).encode("utf-8"),
        "values": "\n".join(values).encode("utf-8"),
        "keys": "".join(key for key, _ in rows).encode("utf-8"),
        "hashes": array("I", [_hash(key) for key, _ in rows]).tobytes(),
        "ends": ends.tobytes(),
        "value_of": array("I", [number[value] for _, value in rows]).tobytes(),
        "filter": _filter(_hash(key) for key, _ in rows),
        "suffixes": "\n".join(suffixes).encode("utf-8"),
    }
    header = {"format": FORMAT, "sizes": {name: len(data) for name, data in sections.items()}}
    return MAGIC + b" " + json.dumps(header).encode() + b"\n" + b"".join(sections.values())


def built_by_hazm() -> bytes:
    """Build hazm's Lemmatizer and serialize its tables (what the child process runs)."""
    from hazm import Lemmatizer

    hazms = Lemmatizer()
    return serialize(hazms.words, hazms.verbs, hazms.stemmer.ends)


class CompactLemmatizer:
    """`lemmatize(word)` as hazm.Lemmatizer().lemmatize(word) answers it (no part of speech), with hazm's
    stemmer rule (`TailStemmer`)."""

    def __init__(self, data: bytes) -> None:
        """From `serialize`'s bytes; ValueError for any other bytes (hazm itself is not imported: 27 MB)."""
        head, _, rest = data.partition(b"\n")
        magic, _, header = head.partition(b" ")
        if magic != MAGIC:
            raise ValueError("not a lemma table")
        meta = json.loads(header)
        sizes = meta.get("sizes") if isinstance(meta, dict) else None
        if not isinstance(sizes, dict) or meta.get("format") != FORMAT or tuple(sizes) != SECTIONS:
            raise ValueError("a lemma table of another format")
        if not all(isinstance(n, int) and n >= 0 for n in sizes.values()) or sum(sizes.values()) != len(rest):
            raise ValueError("a lemma table cut short")
        sections, at, view = {}, 0, memoryview(data)[len(head) + 1 :]  # slices of a view: no copies
        for name, size in sizes.items():
            sections[name] = view[at : at + size]
            at += size
        self.words: frozenset[str] = frozenset(str(sections["words"], "utf-8").split("\n"))
        self._values = tuple(str(sections["values"], "utf-8").split("\n"))
        self._keys = str(sections["keys"], "utf-8")
        self._hashes, self._ends, self._value_of = array("I"), array("I"), array("I")
        self._hashes.frombytes(sections["hashes"])
        self._ends.frombytes(sections["ends"])
        self._value_of.frombytes(sections["value_of"])
        self._filter = bytes(sections["filter"])
        if not len(self._hashes) == len(self._ends) == len(self._value_of) or (
            self._ends and self._ends[-1] != len(self._keys)
        ):
            raise ValueError("a lemma table whose sections disagree")
        self.stemmer = TailStemmer(str(sections["suffixes"], "utf-8").split("\n"))

    @property
    def verbs(self) -> dict[str, str]:
        """Every verb form and its verb, as hazm's `Lemmatizer.verbs` (built on demand: for tests)."""
        starts = [0, *self._ends[:-1]]
        return {self._keys[a:b]: self._values[v] for a, b, v in zip(starts, self._ends, self._value_of, strict=True)}

    @property
    def lemmas(self) -> tuple[str, ...]:
        """Every verb a form can be lemmatized to ("past#present"), each once."""
        return self._values

    def verb(self, word: str) -> str | None:
        """The verb ("past#present") `word` is a form of, as hazm's table holds it."""
        h = _hash(word)
        top = h >> (32 - FILTER_BITS)
        if not self._filter[top >> 3] >> (top & 7) & 1:
            return None
        i = bisect_left(self._hashes, h)
        hashes, ends = self._hashes, self._ends
        while i < len(hashes) and hashes[i] == h:
            if self._keys[ends[i - 1] if i else 0 : ends[i]] == word:
                return self._values[self._value_of[i]]
            i += 1
        return None

    def lemmatize(self, word: str) -> str:
        # hazm.Lemmatizer.lemmatize with pos="": a dictionary word is its own lemma, then a verb form its verb
        # ("past#present"), then what the stemmer leaves if the dictionary knows it.
        if word in self.words:
            return word
        verb = self.verb(word)
        if verb is not None:
            return verb
        stem = self.stemmer.stem(word)
        if stem and stem in self.words:
            return stem
        return word


def cache_path() -> Path:
    """Where this machine keeps the table: the user's cache folder, one file per hazm version and format."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "bayegan" / f"hazm-{metadata.version('hazm')}-lemmas-{FORMAT}.bin"


def load() -> CompactLemmatizer:
    """The table from the cache file; else built in a child process (and cached); else built here."""
    path = cache_path()
    try:
        return CompactLemmatizer(path.read_bytes())
    except (OSError, ValueError, KeyError) as error:
        if not isinstance(error, FileNotFoundError):
            log.warning("lemma table %s unreadable (%s): building it again", path, error)
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from archive.search.lemmatizer import built_by_hazm; "
    code += "sys.stdout.buffer.write(built_by_hazm())"
    try:
        data = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=300).stdout
        lemmatizer = CompactLemmatizer(data)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.warning("lemma table: the child process failed (%s); building it in this process", error)
        return CompactLemmatizer(built_by_hazm())
    try:  # best effort: a read-only home only costs the next process the build again
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".lemmas-") as handle:
            try:
                handle.write(data)
                handle.close()
                os.replace(handle.name, path)  # atomic: a reader sees no file or a whole one
            except BaseException:
                Path(handle.name).unlink(missing_ok=True)
                raise
    except OSError as error:
        log.info("lemma table not cached in %s (%s)", path, error)
    return lemmatizer
