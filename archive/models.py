"""The archive's nouns: outlets, people and their roles, articles with paragraphs and comments, statements."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse

from archive.jalali import DateSpec


class Origin(models.TextChoices):
    """Where a person or outlet comes from: an editor (the fixtures, the admin), or the importer reading a page,
    until an editor confirms or rejects it. A rejected name stays, so a re-import does not find it again."""

    CONFIRMED = "confirmed", "تأییدشده"
    FOUND = "found", "یافته در متن"
    REJECTED = "rejected", "ردشده"


class FoundInText(models.Model):
    """Origin, and the sentence and article a found person or outlet was first read from (for the editor)."""

    origin = models.CharField("منشأ", max_length=10, choices=Origin.choices, default=Origin.CONFIRMED, db_index=True)
    found_sentence = models.TextField("جمله‌ای که در آن یافت شد", blank=True)
    found_in = models.ForeignKey(
        "Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="یافته در خبر"
    )

    class Meta:
        abstract = True

    @property
    def found_in_text(self) -> bool:
        return self.origin == Origin.FOUND


class Outlet(FoundInText):
    """A news agency, paper, site, TV or radio programme."""

    class Kind(models.TextChoices):
        AGENCY = "agency", "خبرگزاری"
        NEWSPAPER = "newspaper", "روزنامه"
        SITE = "site", "پایگاه خبری"
        TV = "tv", "برنامه تلویزیونی"
        RADIO = "radio", "برنامه رادیویی"
        OTHER = "other", "دیگر"

    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)
    name = models.CharField("نام", max_length=200)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = models.JSONField("نام‌های دیگر", default=list, blank=True)
    url = models.URLField("نشانی", blank=True)
    description = models.TextField("توضیح", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "رسانه"
        verbose_name_plural = "رسانه‌ها"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outlet", args=[self.slug])

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Person(FoundInText):
    """An official or other named person; `aliases` are the other ways pages write the name."""

    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)
    name = models.CharField("نام", max_length=200)
    aliases = models.JSONField("نام‌های دیگر", default=list, blank=True, help_text="نام خانوادگی، املاهای دیگر")
    description = models.TextField("توضیح", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "شخص"
        verbose_name_plural = "اشخاص"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("person", args=[self.slug])

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on `day` (the earliest role when the day is unknown or no role covers it)."""
        roles = list(self.roles.all())
        if day is not None:
            held = self.role_held_on(day)
            if held is not None:
                return held
        return roles[0] if roles else None

    def role_held_on(self, day: dt.date) -> Role | None:
        """The role that covers `day`, or None."""
        for role in self.roles.all():
            if (role.start is None or role.start <= day) and (role.end is None or day <= role.end):
                return role
        return None


class Role(models.Model):
    """A post a person held, with the organisation and dates, and the titles pages use for it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name="شخص")
    title = models.CharField("عنوان", max_length=300)
    organisation = models.CharField("سازمان", max_length=300, blank=True)
    aliases = models.JSONField("عنوان‌های دیگر", default=list, blank=True, help_text="عنوان‌هایی که صفحه‌ها به کار می‌برند")
    start = models.DateField("از", null=True, blank=True)
    end = models.DateField("تا", null=True, blank=True)
    note = models.TextField("یادداشت", blank=True)

    class Meta:
        ordering = ["person", models.F("start").asc(nulls_first=True), "pk"]
        verbose_name = "سمت"
        verbose_name_plural = "سمت‌ها"

    def __str__(self) -> str:
        return self.title

    def all_titles(self) -> list[str]:
        return [self.title, *self.aliases]


class Article(models.Model):
    """One captured news page, cleaned for reading, with its raw text kept byte for byte."""

    class Precision(models.TextChoices):
        DAY = "day", "روز"
        MONTH = "month", "ماه"
        RANGE = "range", "بازه"

    class Basis(models.TextChoices):
        STATED = "stated", "در متن آمده"
        INFERRED = "inferred", "استنباط ویراستار"

    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    source_file = models.CharField("پرونده", max_length=255, unique=True)
    sha256 = models.CharField(max_length=64)
    # Raw bytes + parser version + editorial facts: unchanged means a re-import has nothing to do.
    import_signature = models.CharField(max_length=64, blank=True, editable=False)
    raw = models.TextField("متن خام صفحه")
    url = models.URLField("نشانی اصلی", max_length=500, blank=True)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles", verbose_name="رسانه"
    )
    kicker = models.CharField("روتیتر", max_length=500, blank=True)
    title = models.CharField("تیتر", max_length=500, blank=True)
    lead = models.TextField("لید", blank=True)
    truncated = models.BooleanField("متن ناقص", default=False, help_text="صفحه وسط جمله قطع شده است")
    news_code = models.CharField(
        "کد خبر", max_length=20, blank=True, db_index=True, help_text="شماره‌ای که رسانه به خبر داده است"
    )
    published_time = models.CharField(
        "ساعت انتشار", max_length=5, blank=True, help_text="به وقت تهران، اگر صفحه گفته باشد"
    )
    needs_editor = models.BooleanField(
        "نیاز به ویرایشگر", default=False, db_index=True, help_text="صفحه چیزی دارد که واردکننده نتوانست بخواند"
    )
    import_report = models.JSONField(
        "گزارش ورود", default=dict, blank=True, help_text="آنچه خوانده شد، آنچه حدس زده شد و آنچه کنار رفت"
    )

    published_jalali = models.CharField("تاریخ (شمسی)", max_length=10, blank=True)
    published_until_jalali = models.CharField("تا (شمسی)", max_length=10, blank=True)
    published_precision = models.CharField("دقت تاریخ", max_length=10, choices=Precision.choices, blank=True)
    published_basis = models.CharField("مبنای تاریخ", max_length=10, choices=Basis.choices, blank=True)
    published_confidence = models.CharField("اطمینان", max_length=20, blank=True)
    published_note = models.TextField("یادداشت تاریخ", blank=True)
    # Derived Gregorian bounds, for sorting and date filters.
    published_start = models.DateField(null=True, blank=True, db_index=True)
    published_end = models.DateField(null=True, blank=True)

    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("published_start").desc(nulls_last=True), "source_file"]
        verbose_name = "خبر"
        verbose_name_plural = "خبرها"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _article_url(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, self.slug)

    @property
    def date_spec(self) -> DateSpec | None:
        if not self.published_jalali:
            return None
        return DateSpec(
            jalali=self.published_jalali,
            precision=self.published_precision,
            basis=self.published_basis,
            until_jalali=self.published_until_jalali or None,
            confidence=self.published_confidence,
            note=self.published_note,
        )

    def set_date(self, spec: DateSpec | None) -> None:
        if spec is None:
            self.published_jalali = self.published_until_jalali = ""
            self.published_precision = self.published_basis = self.published_confidence = self.published_note = ""
            self.published_start = self.published_end = None
            return
        self.published_jalali = spec.jalali
        self.published_until_jalali = spec.until_jalali or ""
        self.published_precision = spec.precision
        self.published_basis = spec.basis
        self.published_confidence = spec.confidence
        self.published_note = spec.note
        self.published_start = spec.start
        self.published_end = spec.end


class ArticleSource(models.Model):
    """One link of an article's citation chain, in order: what it cites, then where the words were said."""

    class Relation(models.TextChoices):
        CITES = "cites", "به نقل از"
        VENUE = "venue", "در گفتگو با / در برنامه"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="cited_by", verbose_name="رسانه")
    position = models.PositiveIntegerField("ترتیب")
    relation = models.CharField("رابطه", max_length=10, choices=Relation.choices, default=Relation.CITES)

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_source_position")]
        verbose_name = "منبع"
        verbose_name_plural = "زنجیره منابع"

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.outlet}"


@functools.lru_cache(maxsize=4096)
def _article_url(prefix: str, urlconf: str, slug: str) -> str:
    """An article's URL, kept per slug (under this script prefix and URLconf): a search page names its 20
    hits' articles, and `reverse` costs about 0.1 ms each."""
    return reverse("article", args=[slug], urlconf=urlconf)


class Paragraph(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField("ترتیب")  # 0-based, as in the export and the search API
    text = models.TextField("متن")
    subhead = models.BooleanField("میان‌تیتر", default=False)

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_paragraph_position")]
        verbose_name = "بند"
        verbose_name_plural = "بندها"

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def anchor(self) -> str:
        return f"p-{self.position + 1}"


class Appearance(models.Model):
    """A person named in an article, with the role they held then and whether they are quoted."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances", verbose_name="شخص")
    role = models.CharField("سمت", max_length=300, blank=True)
    quoted = models.BooleanField("نقل قول", default=False)

    class Meta:
        ordering = ["article", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="unique_appearance")]
        verbose_name = "حضور"
        verbose_name_plural = "حضور اشخاص"

    def __str__(self) -> str:
        return f"{self.person} — {self.article}"


class Statement(models.Model):
    """A passage of an article attributed to a person: a span of one paragraph (or of the kicker/lead)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="statements", verbose_name="شخص")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, null=True, blank=True, related_name="statements")
    # Where the span lies when it is not in a paragraph.
    part = models.CharField(
        max_length=10, default="paragraph", choices=[(p, p) for p in ("paragraph", "lead", "kicker", "title")]
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField("متن")
    verb = models.CharField("فعل گفتن", max_length=60, blank=True)
    via = models.CharField("از راه", max_length=20, blank=True, help_text="name / alias / pronoun / title")

    class Meta:
        ordering = ["article", "part", "paragraph__position", "start"]
        verbose_name = "گفته"
        verbose_name_plural = "گفته‌ها"

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:60]}"


class Comment(models.Model):
    """A reader comment as the page showed it; `position` is its 1-based order on the page."""

    ANONYMOUS = "ناشناس"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    position = models.PositiveIntegerField("ترتیب در صفحه")
    author = models.CharField("نویسنده", max_length=200)
    posted = models.DateTimeField("زمان", null=True, blank=True)  # None: the page's time could not be read
    body = models.TextField("متن")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name="پاسخ به"
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_comment_position")]
        verbose_name = "نظر"
        verbose_name_plural = "نظرها"

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"

    @property
    def is_anonymous(self) -> bool:
        return self.author.strip() == self.ANONYMOUS

    @property
    def anchor(self) -> str:
        return f"c-{self.position}"


class IndexTask(models.Model):
    """An article whose search documents must be brought up to date (the index's outbox).

    Written in the same transaction as the change to the article, so a change that committed is never lost to
    the index, whatever stops the process afterwards; removed once the index holds the article as the database
    does (archive.search.sync). Not a foreign key: the task of a deleted article outlives it.
    """

    class Op(models.TextChoices):
        INDEX = "index", "index"
        DELETE = "delete", "delete"

    article_id = models.BigIntegerField(db_index=True)
    op = models.CharField(max_length=6, choices=Op.choices, default=Op.INDEX)
    created = models.DateTimeField(auto_now_add=True)

    # Bookkeeping no page shows: writing it must not move the page cache's version on (archive.page_cache).
    page_cache_ignores = True

    class Meta:
        ordering = ["pk"]
        verbose_name = "کار نمایه"
        verbose_name_plural = "کارهای نمایه"

    def __str__(self) -> str:
        return f"{self.op} {self.article_id}"
