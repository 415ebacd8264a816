"""Attribution into the database, and re-attribution when an editor changes a person, alias or role.

Attribution needs every person at once (a title is shared, a surname can be), so a change to any person
re-attributes every article that may name them: the old names (their statements and appearances) and the new
ones (a new alias can make an old page quote someone). An import saves the fixture people first and
attributes each page itself, so it suspends re-attribution (`attribution_suspended`) instead of re-running it
for every person saved.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.text import slugify

from archive.after_commit import after_commit
from archive.attribution.finding import FoundPerson, find_people, name_key, name_variants, title_variants
from archive.attribution.rules import Attributor, PersonEntry
from archive.models import Appearance, Article, Origin, Person, Role, Statement
from archive.persian import fold

log = logging.getLogger("archive.people")

# ---------------------------------------------------------------------------------------------------------
# Attribution into the database


def person_entry(person: Person) -> PersonEntry:
    """A person as the attributor sees them (names, and titles with their dates); roles prefetched or not."""
    titles = tuple((t, role.start, role.end) for role in person.roles.all() for t in role.all_titles())
    return PersonEntry(person.slug, tuple(person.all_names()), titles, found=person.origin == Origin.FOUND)


def person_entries() -> list[PersonEntry]:
    """Every person in the database the attributor may name (not those an editor rejected)."""
    people = Person.objects.exclude(origin=Origin.REJECTED).prefetch_related("roles")
    return [person_entry(person) for person in people]


def rejected_names() -> list[str]:
    """Names an editor said are no person: never found again."""
    return [name for person in Person.objects.filter(origin=Origin.REJECTED) for name in person.all_names()]


def current_attributor() -> Attributor:
    """An Attributor with the people in the database now."""
    return Attributor(person_entries(), rejected_names())


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:70] or "person"
    slug, n = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _record_found_role(person: Person, found: FoundPerson, article: Article) -> bool:
    """The role as this page states it, dated with the article's date (its precision: a day, a month or a
    range of days); True when something changed."""
    wanted = name_key(found.role)
    for role in person.roles.all():
        if wanted in {name_key(t) for t in role.all_titles()}:
            start, end = article.published_start, article.published_end
            if start is None or (role.start is None and role.end is None):
                return False  # an undated page adds no date; a role first read undated stays open
            changed = False
            if role.start is None or start < role.start:
                role.start, changed = start, True
            if role.end is None or (end or start) > role.end:
                role.end, changed = end or start, True
            if changed:
                role.save(update_fields=["start", "end"])
            return changed
    when = article.published_jalali or "بی‌تاریخ"
    Role.objects.create(
        person=person,
        title=found.role,
        aliases=title_variants(found.role)[1:],
        start=article.published_start,
        end=article.published_end or article.published_start,
        note=f"چنان‌که صفحه {article.source_file} ({when}) نوشته است",
    )
    return True


def _register_found_people(article: Article, units: list[str], attributor: Attributor) -> dict[str, str]:
    """People the article introduces with a role: new ones become found Persons (known to the attributor
    from now on), known found ones get this page's role. Returns {person slug: the title this page uses}."""
    page_titles: dict[str, str] = {}
    for found in find_people(units):
        if attributor.is_rejected(found.name):
            continue
        slug = attributor.key_for(found.name) or attributor.key_by_surname_and_title(
            name_variants(found.name), title_variants(found.role)
        )
        if slug is None and attributor.knows(found.name):
            continue  # a name two people share: neither is duplicated, and the rules decide who speaks
        if slug is None:
            person = Person.objects.create(
                slug=_unique_slug(found.name),
                name=found.name,
                aliases=name_variants(found.name),
                origin=Origin.FOUND,
                found_sentence=found.sentence,
                found_in=article,
            )
            _record_found_role(person, found, article)
            attributor.add([person_entry(person)])
            slug = person.slug
        elif attributor.is_found(slug):
            person = Person.objects.filter(slug=slug).prefetch_related("roles").first()
            if person is not None and _record_found_role(person, found, article):
                attributor.add([person_entry(person)])
        page_titles.setdefault(slug, found.role)
    return page_titles


def _role_for(person: Person, day, page_title: str | None) -> str:
    """The role an appearance shows: the one held on the article's day; on an undated page (or a day no
    role covers), the title the page itself uses, read as the role that lists it."""
    if day is not None:
        held = person.role_held_on(day)
        if held is not None:
            return held.title
    if page_title:
        listing = [r for r in person.roles.all() if name_key(page_title) in {name_key(t) for t in r.all_titles()}]
        return listing[0].title if len(listing) == 1 else page_title
    roles = list(person.roles.all())
    return roles[0].title if len(roles) == 1 and day is None else ""


def attribute_article(article: Article, attributor: Attributor) -> None:
    """(Re)compute who is named in the article and who says what; no re-import needed. People the page
    introduces with a role ("<name> <role> گفت") are found first, so their words are attributed too."""
    paragraphs = list(article.paragraphs.order_by("position"))
    texts = [p.text for p in paragraphs]
    # This article is being attributed now: a person found in it does not re-attribute the archive (a page that
    # names them only by surname would not count anyway: a found person's aliases need their full name).
    with attribution_suspended():
        page_titles = _register_found_people(article, [article.kicker, article.title, article.lead, *texts], attributor)
    result = attributor.attribute(article.kicker, article.title, article.lead, texts, day=article.published_start)
    slugs = [*result.mentioned, *(s.person for s in result.statements)]
    people = {p.slug: p for p in Person.objects.filter(slug__in=slugs).prefetch_related("roles")}
    article.statements.all().delete()
    Statement.objects.bulk_create(
        Statement(
            person=people[s.person],
            article=article,
            paragraph=paragraphs[s.paragraph] if s.paragraph is not None else None,
            part=s.part,
            start=s.start,
            end=s.end,
            text=s.text,
            verb=s.verb,
            via=s.via,
        )
        for s in result.statements
    )
    quoted = {s.person for s in result.statements}
    article.appearances.all().delete()
    day = article.published_start
    Appearance.objects.bulk_create(
        Appearance(
            article=article,
            person=people[slug],
            role=_role_for(people[slug], day, page_titles.get(slug)),
            quoted=slug in quoted,
        )
        for slug in dict.fromkeys([*result.mentioned, *quoted])
    )


def reattribute(articles: Iterable[Article] | None = None, attributor: Attributor | None = None) -> int:
    """Re-attribute `articles` (all when None) with `attributor` (default: the people in the database now),
    each in its own transaction, and tell the search index; returns how many."""
    attributor = attributor or current_attributor()
    count = 0
    queryset = Article.objects.all() if articles is None else articles
    for article in queryset:
        with transaction.atomic():
            attribute_article(article, attributor)
            _reindex(article.pk)
        count += 1
    return count


def _reindex(article_id: int) -> None:
    """Statements are bulk-created (no save signals): tell the search index the article changed."""
    try:
        from archive.search.signals import schedule
    except ImportError:  # the search layer is optional for attribution
        return
    schedule([article_id])


def articles_naming(phrases: Iterable[str]) -> list[Article]:
    """Articles whose text may name one of `phrases` (in any spacing or letter form), or quote/mention them."""
    wanted = {re.sub(r"\s+", "", fold(p)) for p in phrases if p and p.strip()}
    if not wanted:
        return []
    found = []
    for article in Article.objects.prefetch_related("paragraphs"):
        texts = [article.kicker, article.title, article.lead, *(p.text for p in article.paragraphs.all())]
        squashed = re.sub(r"\s+", "", fold(" ".join(texts)))
        if any(w in squashed for w in wanted):
            found.append(article)
    return found


# ---------------------------------------------------------------------------------------------------------
# Re-attribution on editorial changes (signals)

_state = threading.local()


@contextlib.contextmanager
def attribution_suspended() -> Iterator[None]:
    """Within this block, person/role changes do not re-attribute (the importer attributes each page itself)."""
    depth = getattr(_state, "suspended", 0)
    _state.suspended = depth + 1
    try:
        yield
    finally:
        _state.suspended = depth


def _suspended() -> bool:
    return getattr(_state, "suspended", 0) > 0


def _person_changed(person_id: int | None, old_phrases: Iterable[str] = ()) -> None:
    if _suspended() or person_id is None:
        return
    # The admin saves a person, then each role inline: one re-attribution after the whole save. A failure is
    # logged and leaves the editor's change saved: the next change or import re-attributes.
    items = [("person", person_id), *(("phrase", phrase) for phrase in old_phrases)]
    after_commit("people-reattribution", _flush, items)


def _flush(items: set[tuple[str, object]]) -> None:
    ids = {value for kind, value in items if kind == "person"}
    phrases = {value for kind, value in items if kind == "phrase"}
    for person in Person.objects.filter(pk__in=ids).prefetch_related("roles"):
        phrases.update(person.all_names())
        for role in person.roles.all():
            phrases.update(role.all_titles())
    articles = {a.pk: a for a in articles_naming(phrases)}
    # Articles that quoted or named them before the change must lose what no longer holds.
    for article in Article.objects.filter(Q(statements__person_id__in=ids) | Q(appearances__person_id__in=ids)):
        articles.setdefault(article.pk, article)
    count = reattribute(articles.values())
    log.info("re-attributed %d articles after a change to %d people", count, len(ids))


def _on_person_saved(sender: type, instance: Person, raw: bool = False, **kwargs: object) -> None:
    if not raw:
        _person_changed(instance.pk)


def _on_person_deleted(sender: type, instance: Person, **kwargs: object) -> None:
    # Its statements went with it (cascade); articles that named it may now quote someone sharing a title.
    if not _suspended():
        _person_changed(-1, instance.all_names())


def _on_role_changed(sender: type, instance: Role, raw: bool = False, **kwargs: object) -> None:
    if not raw:
        _person_changed(instance.person_id, instance.all_titles())


def connect_signals() -> None:
    """Called from the app's ready(): re-attribute when an editor changes a person, alias or role."""
    post_save.connect(_on_person_saved, sender=Person, dispatch_uid="people-person-saved")
    post_delete.connect(_on_person_deleted, sender=Person, dispatch_uid="people-person-deleted")
    post_save.connect(_on_role_changed, sender=Role, dispatch_uid="people-role-saved")
    post_delete.connect(_on_role_changed, sender=Role, dispatch_uid="people-role-deleted")
