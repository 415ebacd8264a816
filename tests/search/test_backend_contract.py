"""The contract every search backend keeps: `BackendContract`, subclassed per backend (as Wagtail tests its
backends); a backend whose engine or server is not available here is skipped.

Documents here are built by hand from real seed sentences, so the suite needs no database.
"""

from __future__ import annotations

import datetime as dt

import pytest

from archive.search.backends import Restrictions, SearchBackend, SearchUnavailable
from archive.search.documents import SearchDocument
from archive.search.query import parse_query

MORDAD_1395 = (20160822, 20160921)
KHORDAD_1397_DAY = (20180528, 20180528)


def article(article_id: int, title: str, paragraphs: list[str], **extra) -> list[SearchDocument]:
    common = {"article_id": article_id, **extra}
    docs = [SearchDocument(f"a:{article_id}", "article", title=title, **common)]
    docs += [
        SearchDocument(f"p:{article_id * 100 + i}", "article", body=text, **common) for i, text in enumerate(paragraphs)
    ]
    return docs


CORPUS = {
    1: article(
        1,
        "شایعه انتقال سرور تلگرام به ایران",
        [
            "درخصوص موضوع انتقال سرور پیام رسان خارجی تلگرام به ایران، شفاف سازی کرد.",
            "صدور مجوز به وزارت ارتباطات برای مذاکره با CDN های بینالمللی",
        ],
        outlet="خبرگزاری مهر",
        month="1395-06",
        date_start=MORDAD_1395[0],
        date_end=MORDAD_1395[1],
    ),
    2: [
        *article(
            2,
            "انحصار تلگرام شکسته شد / ۲۶ میلیون کاربر در پیامرسانهای داخلی ثبت‌نام کردند",
            ["البته ۷ پیام‌رسان در کشور داریم و ممکن است برخی از کاربران در چند پیامرسان حضور داشته باشند."],
            outlet="باشگاه خبرنگاران جوان",
            month="1397-03",
            date_start=KHORDAD_1397_DAY[0],
            date_end=KHORDAD_1397_DAY[1],
        ),
        SearchDocument(
            "s:201",
            "statement",
            article_id=2,
            body="۲۶ میلیون کاربر در پیامرسانهای داخلی ثبت نام کردند",
            speaker="عباس آسوشه",
            outlet="باشگاه خبرنگاران جوان",
            month="1397-03",
            date_start=KHORDAD_1397_DAY[0],
            date_end=KHORDAD_1397_DAY[1],
        ),
        SearchDocument(
            "c:201",
            "comment",
            article_id=2,
            body="مرگ بر تلگرام اسراییلی. فیلترشکن هم نمیخواهیم",
            outlet="باشگاه خبرنگاران جوان",
            month="1397-03",
            date_start=20180529,
            date_end=20180529,
        ),
    ],
}


def run(backend: SearchBackend, q: str, sort: str = "relevance", offset: int = 0, limit: int = 50, **restrict):
    return backend.search(parse_query(q), Restrictions(**restrict), sort=sort, offset=offset, limit=limit)


def ids(results) -> set[str]:
    return {hit.doc_id for hit in results.hits}


class BackendContract:
    """Every backend's tests: a subclass says how to make one (`make_backend`) and what it can do."""

    def make_backend(self, location: str, source=None) -> SearchBackend:
        raise NotImplementedError

    @pytest.fixture
    def backend(self, tmp_path) -> SearchBackend:
        instance = self.make_backend(str(tmp_path / "index"))
        instance.rebuild(doc for docs in CORPUS.values() for doc in docs)
        yield instance
        instance.close()

    def test_declares_its_capabilities(self, backend):
        assert {"phrases", "facets", "dates", "suggest"} <= backend.capabilities

    def test_a_missing_index_is_unavailable_until_repaired(self, tmp_path):
        fresh = self.make_backend(str(tmp_path / "fresh"), source=lambda: CORPUS[2])
        if "persistent" in fresh.capabilities:
            with pytest.raises(SearchUnavailable):
                run(fresh, "تلگرام")
            with fresh._repairing:  # the repair the failed search started, in a thread of this process
                pass
            fresh.repair(wait=True)  # nothing left to do, or done here
        assert fresh.document_count() == (len(CORPUS[2]) if "persistent" in fresh.capabilities else 0)
        fresh.close()

    def test_lists_the_articles_it_holds(self, backend):
        assert backend.article_ids() == set(CORPUS)
        backend.delete_article(1)
        assert backend.article_ids() == {2}

    def test_says_which_documents_each_article_has(self, backend, tmp_path):
        """What `check_index` compares with the database: each article's documents, also for ids of odd shapes."""
        from archive.search.documents import documents_signature

        def held(article_id: int) -> str:
            return documents_signature(doc.doc_id for doc in CORPUS[article_id])

        assert backend.indexed_articles() == {1: held(1), 2: held(2)}
        assert backend.indexed_articles([2, 99]) == {2: held(2)}
        assert backend.indexed_articles([]) == {}
        backend.delete_article(1)
        assert backend.indexed_articles() == {2: held(2)}
        odd = [SearchDocument(doc_id, "article", 5, body="سرور تلگرام") for doc_id in ("p:5:1", "x:9", f"p:{2**46}")]
        backend.replace_article(5, odd)
        assert backend.indexed_articles([5]) == {5: documents_signature(["p:5:1", "x:9", f"p:{2**46}"])}

    def test_lists_articles_whatever_their_ids(self, tmp_path):
        """Ids far apart, as an archive pruned and re-imported has them; and the comparison with the database
        (`check_index`) reads them so."""
        wanted = {1, 2, 3, 7, 65_001, 150_001, 10**9}
        instance = self.make_backend(str(tmp_path / "ids"))
        try:
            instance.rebuild(SearchDocument(f"p:{i}", "article", i, body="سرور تلگرام") for i in sorted(wanted))
            assert instance.article_ids() == wanted
        finally:
            instance.close()

    def test_state_follows_writes(self, backend):
        before = backend.state()
        backend.replace_article(1, article(1, "عنوان تازه درباره سروش", [], month="1395-06"))
        if "persistent" in backend.capabilities:
            assert backend.state() != before

    def test_counts_what_it_indexed(self, backend):
        assert backend.document_count() == sum(len(d) for d in CORPUS.values())

    @pytest.mark.parametrize("spelling", ["پیام‌رسان", "پیامرسان", "پیام رسان", "پيام رسان"])
    def test_compound_spellings_meet(self, backend, spelling):
        assert ids(run(backend, spelling)) == {"p:100", "a:2", "p:200", "s:201"}

    def test_spaced_query_finds_joined_text_and_back(self, backend):
        assert ids(run(backend, "فیلتر شکن")) == {"c:201"}
        assert "p:100" in ids(run(backend, "شفافسازی"))

    def test_plural_and_digits(self, backend):
        assert ids(run(backend, "پیام‌رسان‌ها")) >= {"a:2", "s:201"}
        assert ids(run(backend, "۲۶ میلیون")) == ids(run(backend, "26 میلیون")) == {"a:2", "s:201"}

    def test_title_outranks_body(self, backend):
        hits = run(backend, "تلگرام").hits
        assert {h.doc_id for h in hits[:2]} == {"a:1", "a:2"}
        # The statement and the paragraph say `پیامرسان` more often than 2's title, and in more spellings.
        assert run(backend, "پیامرسانهای").hits[0].doc_id == "a:2"
        assert run(backend, "ثبت نام").hits[0].doc_id == "a:2"

    def test_counted_kinds_add_to_the_kind_and_speaker_facets_only(self, backend):
        passages = run(backend, "کاربر", kinds=["article", "comment"], counted_kinds=["statement"])
        assert ids(passages) == {"a:2", "p:200"} and passages.total == 2
        assert passages.facets["kind"] == {"article": 2, "statement": 1}
        assert passages.facets["speaker"] == {"عباس آسوشه": 1}
        assert passages.facets["month"] == {"1397-03": 2}  # the hits' own months: statements are not hits
        excluded = run(backend, "کاربر -ثبت", kinds=["article", "comment"], counted_kinds=["statement"])
        assert excluded.facets["kind"] == {"article": 1}

    def test_any_counted_kind_stays_out_of_the_outlet_and_month_facets(self, backend):
        """Comments counted beside articles (not the search page's default, statements beside passages)."""
        found = run(backend, "تلگرام", kinds=["article"], counted_kinds=["comment"])
        assert ids(found) == {"a:1", "p:100", "a:2"} and found.total == 3
        assert found.facets["kind"] == {"article": 3, "comment": 1}
        assert found.facets["month"] == {"1395-06": 2, "1397-03": 1}
        assert found.facets["outlet"] == {"خبرگزاری مهر": 2, "باشگاه خبرنگاران جوان": 1}

    def test_exclusion_or_and_phrase(self, backend):
        for sort in ("relevance", "date", "oldest"):  # Whoosh's AndNot leaked excluded documents into sorted results
            assert "c:201" not in ids(run(backend, "تلگرام -اسراییلی", sort=sort))
            assert ids(run(backend, "تلگرام -انتقال", sort=sort)) == {"a:2", "c:201"}
        assert ids(run(backend, "سرور OR فیلترشکن")) >= {"a:1", "p:100", "c:201"}
        assert ids(run(backend, '"انتقال سرور"')) == {"a:1", "p:100"}
        assert ids(run(backend, '"سرور انتقال"')) == set()

    @pytest.mark.parametrize("phrase", ['"پیام رسان داخلی"', '"پیامرسانهای داخلی"', '"پیام‌رسان‌های داخلی"'])
    def test_a_phrase_matches_every_compound_spelling(self, backend, phrase):
        assert ids(run(backend, phrase)) >= {"a:2", "s:201"}

    def test_a_split_phrase_finds_the_spaced_text(self, backend):
        assert ids(run(backend, '"پیامرسان خارجی"')) == {"p:100"}

    def test_restrictions(self, backend):
        assert ids(run(backend, "", speakers=["عباس آسوشه"])) == {"s:201"}  # only their words
        assert ids(run(backend, "", speakers=[])) == set()
        assert ids(run(backend, "تلگرام", outlets=["خبرگزاری مهر"])) == {"a:1", "p:100"}
        assert ids(run(backend, "تلگرام", kinds=["comment"])) == {"c:201"}
        khordad = run(backend, "تلگرام", date_from=dt.date(2018, 5, 22), date_to=dt.date(2018, 6, 21))
        assert ids(khordad) == {"a:2", "c:201"}

    def test_an_imprecise_date_matches_a_range_it_overlaps(self, backend):
        # Article 1 is "Shahrivar 1395" (a month): a range touching its last day still finds it.
        assert "a:1" in ids(run(backend, "تلگرام", date_from=dt.date(2016, 9, 21), date_to=dt.date(2016, 12, 1)))

    def test_facets_count_every_match(self, backend):
        results = run(backend, "تلگرام", limit=1)
        assert len(results.hits) == 1 and results.total == 4  # two titles, a paragraph, a comment
        assert results.facets["kind"] == {"article": 3, "comment": 1}
        assert results.facets["outlet"] == {"باشگاه خبرنگاران جوان": 2, "خبرگزاری مهر": 2}
        assert results.facets["month"] == {"1397-03": 2, "1395-06": 2}
        assert run(backend, "کاربر").facets["speaker"] == {"عباس آسوشه": 1}

    def test_sorting_and_paging(self, backend):
        newest = [h.doc_id for h in run(backend, "تلگرام", sort="date").hits]
        assert newest[0] == "c:201" and newest[-1] in {"a:1", "p:100"}
        oldest = [h.doc_id for h in run(backend, "تلگرام", sort="oldest").hits]
        assert oldest[0] in {"a:1", "p:100"}
        everything = [h.doc_id for h in run(backend, "تلگرام").hits]
        pages = [h.doc_id for o in range(0, 4, 2) for h in run(backend, "تلگرام", offset=o, limit=2).hits]
        assert pages == everything
        assert all(h.score > 0 for h in run(backend, "تلگرام", sort="date").hits)

    def test_replace_and_delete_an_article(self, backend):
        backend.replace_article(1, article(1, "عنوان تازه درباره سروش", [], month="1395-06"))
        assert ids(run(backend, "سروش")) == {"a:1"}
        assert "p:100" not in ids(run(backend, "سرور"))
        backend.delete_article(1)
        assert ids(run(backend, "سروش")) == set()
        assert backend.document_count() == len(CORPUS[2])

    def test_rebuild_replaces_every_document_at_once(self, backend):
        before = run(backend, "تلگرام").total
        assert before
        assert backend.rebuild(CORPUS[1]) == len(CORPUS[1])
        assert backend.document_count() == len(CORPUS[1])
        assert run(backend, "فیلترشکن").total == 0  # article 2's comment is gone
        assert run(backend, "سرور").total == 2

    def test_every_page_is_a_slice_of_one_ranking(self, backend):
        everything = run(backend, "تلگرام OR پیام‌رسان OR سرور", limit=50)
        assert everything.total >= 4
        paged = [hit for offset in range(everything.total) for hit in run(backend, "تلگرام OR پیام‌رسان OR سرور",
                                                                          offset=offset, limit=1).hits]  # fmt: skip
        assert paged == everything.hits
        deep = run(backend, "تلگرام OR پیام‌رسان OR سرور", offset=10_000, limit=20)  # past any kept window
        assert deep.hits == [] and deep.total == everything.total and deep.facets == everything.facets

    def test_a_repeated_query_sees_every_write(self, backend):
        assert run(backend, "سروش").total == 0
        assert run(backend, "سروش").total == 0  # asked twice: the second answer may be a kept one
        backend.replace_article(1, article(1, "عنوان تازه درباره سروش", [], month="1395-06"))
        assert ids(run(backend, "سروش")) == {"a:1"}
        backend.delete_article(1)
        assert run(backend, "سروش").total == 0
        backend.clear_cache()
        assert run(backend, "سروش").total == 0

    def test_a_repeated_suggestion_follows_the_vocabulary(self, backend):
        def afresh(word: str) -> str | None:
            backend.clear_cache()
            return backend.suggest(word)

        assert backend.suggest("قورباغ") is None
        assert backend.suggest("قورباغ") is None  # asked twice: the second answer may be a kept one
        backend.replace_article(1, article(1, "قورباغه‌ها در تلگرام", ["قورباغه"], month="1395-06"))
        assert backend.suggest("قورباغ") == "قورباغه" == afresh("قورباغ")
        backend.replace_article(1, article(1, "عنوان تازه", ["سروش"], month="1395-06"))
        backend.rebuild(doc for docs in CORPUS.values() for doc in docs)  # the vocabulary is rewritten
        assert backend.suggest("قورباغ") is None
        assert afresh("قورباغ") is None

    def test_parallel_rebuild_finds_what_a_single_process_rebuild_finds(self, backend):
        queries = ["تلگرام", "پیام‌رسان", "پیامرسانهای داخلی", "سرور", '"ثبت نام"', "فیلتر شکن"]

        def answers() -> list[tuple]:
            found = []
            for text in queries:
                results = run(backend, text)
                found.append((text, results.total, sorted(ids(results)), results.facets))
            return found

        single = answers()
        every = [doc for docs in CORPUS.values() for doc in docs]
        assert backend.rebuild(iter(every), processes=2) == len(every)
        assert backend.document_count() == len(every)
        assert answers() == single
        backend.replace_article(1, article(1, "عنوان تازه درباره سروش", [], month="1395-06"))
        assert ids(run(backend, "سروش")) == {"a:1"}  # the index stays writable after a parallel build

    def test_a_hit_names_its_document_and_kind_as_indexed(self, tmp_path):
        """Whatever the id's shape: each prefix and kind, a key past 2**45, and ids no document of ours has."""
        shapes = [("a:7", "article"), ("p:0", "article"), ("c:123456789", "comment"), ("s:42", "statement"),
                  (f"p:{2**46 + 3}", "article"), ("p:5:1", "article"), ("x:9", "comment"), ("s:", "statement"),
                  ("c:12", "statement")]  # fmt: skip
        instance = self.make_backend(str(tmp_path / "odd"))
        try:
            instance.rebuild(SearchDocument(doc_id, kind, 1, body="سرور تلگرام") for doc_id, kind in shapes)
            for sort in ("relevance", "date"):
                found = run(instance, "تلگرام", sort=sort, kinds=["article", "comment", "statement"])
                assert sorted((hit.doc_id, hit.kind) for hit in found.hits) == sorted(shapes)
        finally:
            instance.close()

    def test_pages_agree_whatever_window_the_first_search_kept(self, backend, monkeypatch):
        """Page after page, a query kept for a few hits searches again for twice as many, and the pages are
        those of one search for all of them."""
        every = run(backend, "تلگرام OR پیامرسان OR کاربر", limit=100, kinds=["article", "comment", "statement"])
        assert len(every.hits) >= 6
        backend.clear_cache()
        searches = []
        engine_search = backend._search
        monkeypatch.setattr(backend, "_search", lambda *a: searches.append(a[1:]) or engine_search(*a))
        monkeypatch.setattr(backend, "first_window", 2)
        paged = []
        for page in range(len(every.hits) + 2):
            found = run(backend, "تلگرام OR پیامرسان OR کاربر", offset=page, limit=1,
                        kinds=["article", "comment", "statement"])  # fmt: skip
            assert found.total == every.total and found.facets == every.facets
            paged += found.hits
        assert [(h.doc_id, h.kind) for h in paged] == [(h.doc_id, h.kind) for h in every.hits]
        assert [limit for _, limit in searches] == [2**n for n in range(1, len(searches) + 1)]
        assert 2 ** (len(searches) - 1) < len(every.hits) + 1 <= 2 ** len(searches)  # then every hit was kept

    def test_vocabulary(self, backend):
        assert backend.term_count("تلگرام") == 2  # documents per field: two bodies (and two titles)
        assert backend.term_count("تلگرم") == 0
        assert backend.suggest("تلگرم") == "تلگرام"
        # A word the index holds, with no other indexed word near it, has nothing better: never itself.
        assert backend.suggest("تلگرام") is None

    def test_two_letters_swapped_are_one_edit(self, backend):
        # «وجدو»: «وجد» is one letter dropped, «وجود» two letters swapped. Both one edit: the more common wins
        # (counted as plain Levenshtein, «وجود» would be two edits away and lose to the rarer word).
        backend.replace_article(90, article(90, "وجود", ["وجود ندارد", "وجود دارد"]))
        backend.replace_article(91, article(91, "عنوان", ["وجد"]))
        assert backend.suggest("وجدو") == "وجود"

    def test_matched_terms_are_reported_for_highlighting(self, backend):
        assert {"پیامرسان"} <= run(backend, "پیام رسان").terms


class TestWhoosh(BackendContract):
    def make_backend(self, location, source=None):
        from archive.search.backends.whoosh import WhooshBackend

        return WhooshBackend(location, source=source or (lambda: []))


class TestMemory(BackendContract):
    def make_backend(self, location, source=None):
        from archive.search.backends.memory import MemoryBackend

        return MemoryBackend(location, source=source or (lambda: []))


class TestTantivy(BackendContract):
    def make_backend(self, location, source=None):
        pytest.importorskip("tantivy", reason="the tantivy package is not installed")
        from archive.search.backends.tantivy import TantivyBackend

        return TantivyBackend(location, source=source or (lambda: []))

    def test_lists_articles_a_span_of_ids_at_a_time(self, tmp_path, monkeypatch):
        """tantivy refuses an aggregation of more than 65,000 buckets: ids are read a span at a time."""
        from archive.search.backends import tantivy as backend_module

        monkeypatch.setattr(backend_module, "ID_SPAN", 2)
        self.test_lists_articles_whatever_their_ids(tmp_path)
