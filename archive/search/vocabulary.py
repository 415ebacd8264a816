"""The search's vocabulary, defined once: what a request may ask for (kinds, sorts, page limits), what a backend
must count (facets) and how a document id names its row. The request parser (`parameters`), the query language
(`query`), the backends, the API's OpenAPI document and the search page all read these names from here.
"""

from __future__ import annotations

# What a hit can be. An article's head and paragraphs are both "article"; a statement is a person's quoted words.
KINDS = ("article", "comment", "statement")
# What the result list shows unless a speaker or kind is asked for. A statement is a span of a paragraph (or of
# the lead): listed beside it, every quoted passage would come back twice. Its speaker goes on the passage's hit
# instead, and statements stay countable in the facets (kind, speaker) so a reader can switch to them.
PASSAGE_KINDS = ("article", "comment")
# Every spelling a reader may use for a kind, in search form (folded, without ZWNJ), in a field or a filter.
KIND_NAMES = {
    "article": "article",
    "articles": "article",
    "خبر": "article",
    "مقاله": "article",
    "comment": "comment",
    "comments": "comment",
    "نظر": "comment",
    "نظرها": "comment",
    "statement": "statement",
    "statements": "statement",
    "گفته": "statement",
    "گفتهها": "statement",
}
# The search page's names for the kinds, in the order its menu lists them.
KIND_LABELS = {"article": "خبر", "statement": "گفته", "comment": "نظر"}

SORTS = ("relevance", "date", "oldest")
DEFAULT_SORT = "relevance"
SORT_LABELS = {"relevance": "مرتبط‌ترین", "date": "تازه‌ترین", "oldest": "قدیمی‌ترین"}

# What every backend counts for the matches of a query, in this order.
FACETS = ("speaker", "outlet", "month", "kind")

MAX_PAGE = 10_000
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100

# A search document's id is `<prefix>:<primary key>`: the prefix says which table the key belongs to.
HEAD = "a"  # an article's kicker, title and lead (Article)
PARAGRAPH = "p"  # Paragraph
COMMENT = "c"  # Comment
STATEMENT = "s"  # Statement
DOCUMENT_PREFIXES = (HEAD, PARAGRAPH, COMMENT, STATEMENT)


def document_id(prefix: str, pk: int) -> str:
    return f"{prefix}:{pk}"


def split_document_id(doc_id: str) -> tuple[str, int]:
    """`p:12` → ("p", 12). ValueError for an id no document of ours can have."""
    prefix, _, pk = doc_id.partition(":")
    if prefix not in DOCUMENT_PREFIXES or not pk.isdigit():
        raise ValueError(f"not a search document id: {doc_id!r}")
    return prefix, int(pk)
