"""Our queries evaluated over a Whoosh segment's postings a block at a time, not a match at a time.

Whoosh answers a query through a tree of matcher objects that is stepped once per matching document: about
7 µs a match in Python, so a common word's 600,000 passages took seconds (BENCHMARKS.md). A search here must
visit every match anyway, to count it and its facets, so nothing is gained by Whoosh's skipping; instead each
term's posting blocks are decoded whole (ids and weights are arrays in the block) and scored with the same
BM25F arithmetic in one comprehension, and the query's Or and And become dict merges and intersections.

Only the shapes the backend builds are evaluated this way: terms, Or, And, phrases (a Sequence of words, each
an Or of spellings: the And, then the positions of the documents it found) and the empty query. Anything else
(a range, a wildcard) is answered by its own Whoosh matcher, stepped as Whoosh steps it. Every query gets
Whoosh's matches and scores, except that a score summed from several terms may differ from Whoosh's in the last
bit: Whoosh adds them in a tree whose shape follows each segment's term statistics, here they are added in the
query's order, the same in every segment. tests/search/test_block_evaluation.py holds the two answers side by
side.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection
from itertools import accumulate

from whoosh import matching, scoring
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher

Scores = dict[int, float]  # segment document number -> score


class Within:
    """The only documents wanted (an intersection's survivors), and their numbers in order, sorted once."""

    def __init__(self, members: Collection[int]):
        self.members = members
        self._ordered: list[int] | None = None

    def __contains__(self, docnum: int) -> bool:
        return docnum in self.members

    def any_between(self, low: int, high: int) -> bool:
        if self._ordered is None:
            self._ordered = sorted(self.members)
        i = bisect_left(self._ordered, low)
        return i < len(self._ordered) and self._ordered[i] <= high


def scores(query: wq.Query, searcher, weighting, within: Collection[int] | None = None) -> Scores:
    """Every document of the leaf `searcher` (one segment) that `query` matches, with its Whoosh score
    (`within`: only these documents are wanted, which lets an intersection skip whole posting blocks)."""
    if within is not None and not isinstance(within, Within):
        within = Within(within)
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return {}
    if isinstance(query, wq.Term):
        return _term(query, searcher, weighting, within)
    if type(query) is wq.Or and query.boost == 1.0 and not query.minmatch and query.scale is None:
        return _union([scores(q, searcher, weighting, within) for q in query.subqueries])
    if type(query) is wq.And and query.boost == 1.0:
        return _intersection(query.subqueries, searcher, weighting, within)
    if _plain_phrase(query):
        return _phrase(query, searcher, weighting, within)
    if type(query) is wq.Every and query.fieldname in (None, "", "*"):
        # Whoosh's Every gives each live document the query's boost as its score.
        reader = searcher.reader()
        if within is None:
            return dict.fromkeys(reader.all_doc_ids(), query.boost)
        return {docnum: query.boost for docnum in within.members if not reader.is_deleted(docnum)}
    # needs_current, as under Whoosh's sorting collector: without it Whoosh may answer an Or with a matcher that
    # drops documents scoring 0.
    return _stepped(query.matcher(searcher, searcher.context(weighting=weighting, needs_current=True)), within)


def _union(found: list[Scores]) -> Scores:
    """Scores added up in the query's order, the same in every segment: documents that tie on one segment tie on
    all (Whoosh orders ties by document number)."""
    found = [f for f in found if f]
    if not found:
        return {}
    total = found[0]  # each part is a new dict of its own: added to in place, not copied
    get = total.get
    for other in found[1:]:
        for docnum, score in other.items():
            total[docnum] = get(docnum, 0.0) + score
    return total


def _intersection(subqueries, searcher, weighting, within: Within | None) -> Scores:
    """The smallest part first; each next part is looked up only among the documents still in. The scores are
    then added up in the query's order (see _union)."""
    if not subqueries:
        return {}
    reader = searcher.reader()
    parts: list[Scores] = [{}] * len(subqueries)
    survivors: set[int] | None = None
    for i in sorted(range(len(subqueries)), key=lambda i: subqueries[i].estimate_size(reader)):
        parts[i] = scores(subqueries[i], searcher, weighting, within)
        survivors = set(parts[i]) if survivors is None else survivors.intersection(parts[i])
        if not survivors:
            return {}
        within = Within(survivors)
    first, *rest = parts
    total = {docnum: first[docnum] for docnum in survivors or ()}
    for part in rest:
        for docnum in total:
            total[docnum] += part[docnum]
    return total


def _plain_phrase(query: wq.Query) -> bool:
    """A Sequence of words side by side, each a term or an Or of terms (its spellings), as the backend builds."""
    return (
        type(query) is wq.Sequence
        and query.slop == 1
        and query.ordered
        and query.boost == 1.0
        and len(query.subqueries) > 1
        and all(_spellings(part) is not None for part in query.subqueries)
    )


def _spellings(part: wq.Query) -> list[wq.Term] | None:
    if type(part) is wq.Term and part.boost == 1.0:
        return [part]
    if type(part) is wq.Or and part.boost == 1.0 and not part.minmatch and part.scale is None:
        terms = [q for q in part.subqueries if type(q) is wq.Term and q.boost == 1.0]
        return terms if len(terms) == len(part.subqueries) else None
    return None


def _phrase(query: wq.Sequence, searcher, weighting, within: Within | None) -> Scores:
    """Whoosh scores a phrase match as the And of its words (SpanNear wraps an intersection), and matches it where
    the words' positions run on one by one: the And first, then the positions of the documents it found."""
    found = _intersection(query.subqueries, searcher, weighting, within)
    if not found:
        return {}
    candidates = Within(found)
    first, *rest = [_positions(_spellings(part), searcher, candidates) for part in query.subqueries]
    return {
        docnum: score
        for docnum, score in found.items()
        if any(
            all(start + i in later.get(docnum, ()) for i, later in enumerate(rest, 1))
            for start in first.get(docnum, ())
        )
    }


def _positions(terms: list[wq.Term], searcher, within: Within) -> dict[int, set[int]]:
    """Where in each wanted document any of these terms (one field's spellings of a word) stands."""
    reader = searcher.reader()
    found: dict[int, set[int]] = {}
    for term in terms:
        text = _indexed(term, searcher)
        if text is None:
            continue
        matcher = reader.postings(term.fieldname, text)
        if isinstance(matcher, matching.FilterMatcher):  # deleted documents are not among the wanted ones
            matcher = matcher.child
        if isinstance(matcher, W3LeafMatcher):
            decode = matcher.format.decoder("positions")
            low = 0
            while matcher.is_active():
                high = matcher.block_max_id()
                if within.any_between(low, high):
                    if matcher._values is None:
                        matcher._read_values()
                    for docnum, value in zip(_block_ids(matcher), matcher._values, strict=True):
                        if docnum in within.members:
                            found.setdefault(docnum, set()).update(decode(value))
                low = high + 1
                matcher._next_block()
        else:
            while matcher.is_active():
                if matcher.id() in within.members:
                    found.setdefault(matcher.id(), set()).update(matcher.value_as("positions"))
                matcher.next()
    return found


def _indexed(term: wq.Term, searcher) -> bytes | None:
    """The term as the segment holds it, or None where it holds no such term (as Whoosh's Term.matcher checks)."""
    if term.fieldname not in searcher.schema:
        return None
    try:
        text = searcher.schema[term.fieldname].to_bytes(term.text)
    except ValueError:
        return None
    return text if (term.fieldname, text) in searcher.reader() else None


def _term(query: wq.Term, searcher, weighting, within: Within | None) -> Scores:
    text = _indexed(query, searcher)
    if text is None:
        return {}
    reader, field = searcher.reader(), searcher.schema[query.fieldname]
    # BoostedTerm carries its boost in the scorer's idf; Whoosh's plain Term multiplies its matcher's scores.
    split = getattr(query, "weighting_for", None)
    matcher_weighting, boost = split(weighting, field) if split is not None else (weighting, query.boost)
    scorer = matcher_weighting.scorer(searcher, query.fieldname, text)
    matcher = reader.postings(query.fieldname, text, scorer=scorer)
    excluded: Collection[int] = ()
    if isinstance(matcher, matching.FilterMatcher) and matcher._exclude:  # the segment's deleted documents
        excluded, matcher = matcher._ids, matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        found = _stepped(matcher, within)
        if boost != 1.0:  # what Whoosh's WrappingMatcher multiplies in
            found = {docnum: score * boost for docnum, score in found.items()}
    else:
        # Skipping blocks needs the wanted documents in order: not worth sorting more of them than there are postings.
        skip = within is not None and len(within.members) < reader.doc_frequency(query.fieldname, text)
        found = _blocks(matcher, _block_scorer(scorer, boost), within, skip)
    if excluded:
        for docnum in excluded:
            found.pop(docnum, None)
    return found


def _block_scorer(scorer, boost: float) -> Callable[[tuple, object], list[float]] | None:
    """A function from a block's ids and weights to their scores, as Whoosh's scorer would give them one by one
    (None: every score is 0)."""
    if boost == 0.0:
        return None
    if isinstance(scorer, scoring.BM25FScorer):
        idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        lengths = getattr(scorer, "lengths", None)  # SegmentLengthsBM25F's (length bytes, byte-to-length table)
        if lengths is not None:
            data, table = lengths

            def bm25(ids, weights):
                # scoring.bm25, written out: idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
                return [
                    idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * table[data[d]] / avgfl)))
                    for d, tf in zip(ids, weights, strict=True)
                ]
        else:
            dfl = scorer.dfl

            def bm25(ids, weights):
                return [
                    idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * dfl(d) / avgfl)))
                    for d, tf in zip(ids, weights, strict=True)
                ]

        if boost == 1.0:
            return bm25
        return lambda ids, weights: [s * boost for s in bm25(ids, weights)]
    return None if scorer is None else _per_posting(scorer, boost)


def _per_posting(scorer, boost: float):
    """Any other scorer: it is asked per posting, through a stand-in for the matcher it expects."""

    class _At:
        def __init__(self, docnum, weight):
            self._docnum, self._weight = docnum, weight

        def id(self):
            return self._docnum

        def weight(self):
            return self._weight

    def score(ids, weights):
        return [scorer.score(_At(d, w)) * boost for d, w in zip(ids, weights, strict=True)]

    return score


def _blocks(matcher: W3LeafMatcher, block_scorer, within: Within | None, skip: bool = True) -> Scores:
    """Walk the posting blocks, keeping only documents `within` (when given); with `skip`, a block holding none of
    those documents is not decoded."""
    found: Scores = {}
    low = 0  # the smallest id the current block can hold: one past the previous block's largest
    while matcher.is_active():
        high = matcher.block_max_id()
        if skip and within is not None and not within.any_between(low, high):
            low = high + 1
            matcher._next_block()
            continue
        ids = _block_ids(matcher)
        if block_scorer is None:
            block = dict.fromkeys(ids, 0.0)
        else:
            block = dict(zip(ids, block_scorer(ids, _block_weights(matcher)), strict=True))
        if within is not None:
            block = {d: s for d, s in block.items() if d in within.members}
        found.update(block)
        low = high + 1
        matcher._next_block()
    return found


def _block_ids(matcher: W3LeafMatcher) -> tuple[int, ...]:
    if matcher._ids is None:
        if matcher._data is None:
            matcher._read_data()
        ids = matcher._data[0]
        # Whoosh's delta_decode is a Python generator; accumulate gives the same running sums in C.
        matcher._ids = ids if matcher._byteids else tuple(accumulate(ids))
    return matcher._ids


def _block_weights(matcher: W3LeafMatcher):
    if matcher._weights is None:
        matcher._read_weights()
    return matcher._weights


def _stepped(matcher, within: Within | None) -> Scores:
    """A Whoosh matcher stepped as Whoosh's collector steps it."""
    found: Scores = {}
    while matcher.is_active():
        docnum = matcher.id()
        if within is None or docnum in within:
            found[docnum] = matcher.score()
        matcher.next()
    return found
