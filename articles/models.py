"""Stories and who, where and what they are about."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles import chains, workflow
from articles.chains import ApprovalChain, ApprovalStep, StepApproval  # noqa: F401  (models of this app)
from articles.embeds import render_embeds
from articles.sanitize import clean_html, html_to_text
from core.text import fold, normalize, vn_slugify


class Section(models.Model):
    """A chuyên mục such as "Xây dựng Đảng"; sections may nest one level or more."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize(self.name)
        if not self.slug:
            self.slug = vn_slugify(self.name, 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])

    @cached_property
    def url(self):
        """get_absolute_url(), once per instance; a section read from cached rows carries it (articles.cached)."""
        return self.get_absolute_url()


class LocalityQuerySet(models.QuerySet):
    def current(self):
        """Units that still exist today."""
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=timezone.localdate()))


class Locality(models.Model):
    """An administrative unit as it was: a name is not an identity, units merge, split and end."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        TOWN = "town", _("Town")
        DISTRICT = "district", _("District")
        WARD = "ward", _("Ward")
        TOWNSHIP = "township", _("Township")
        COMMUNE = "commune", _("Commune")

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province level")
        DISTRICT = 2, _("District level")
        COMMUNE = 3, _("Commune level")

    LEVEL_OF_KIND = {
        Kind.PROVINCE: Level.PROVINCE,
        Kind.CITY: Level.DISTRICT,
        Kind.TOWN: Level.DISTRICT,
        Kind.DISTRICT: Level.DISTRICT,
        Kind.WARD: Level.COMMUNE,
        Kind.TOWNSHIP: Level.COMMUNE,
        Kind.COMMUNE: Level.COMMUNE,
    }
    # Slug prefixes stay the same whatever language is active when a unit is saved.
    SLUG_PREFIX = {
        Kind.PROVINCE: "tinh",
        Kind.CITY: "thanh-pho",
        Kind.TOWN: "thi-xa",
        Kind.DISTRICT: "huyen",
        Kind.WARD: "phuong",
        Kind.TOWNSHIP: "thi-tran",
        Kind.COMMUNE: "xa",
    }

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level, editable=False)
    code = models.CharField(_("official code"), max_length=20, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of ids ("/1/4/17/"): a whole subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_until = models.DateField(_("exists until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("succeeded by"), symmetrical=False, blank=True, related_name="predecessors"
    )
    change_note = models.CharField(_("change note"), max_length=255, blank=True)

    objects = LocalityQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """ "Thành phố Hà Tĩnh": the kind as Vietnamese writes it, then the name.

        The label from the Kind itself: get_kind_display() hashes every choice's (translated) label on each call,
        and a page shows a few dozen units."""
        try:
            kind = self.Kind(self.kind).label
        except ValueError:  # not a kind we know (as get_kind_display: the stored value)
            kind = self.kind
        return f"{kind} {self.name}"

    @property
    def exists(self):
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    def save(self, *args, **kwargs):
        self.name = normalize(self.name)
        self.level = self.LEVEL_OF_KIND[self.kind]
        if not self.slug:
            self.slug = vn_slugify(f"{self.SLUG_PREFIX[self.kind]} {self.name}", 140)
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
            if new_path != old_path:
                Locality.objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:
                    for child in Locality.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        Locality.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    def ancestors(self):
        """The units above this one, top down, read from the materialised path in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/") if part.isdigit() and int(part) != self.pk]
        found = Locality.objects.in_bulk(ids) if ids else {}
        return [found[pk] for pk in ids if pk in found]

    def subtree(self):
        """This unit and every unit under it."""
        return Locality.objects.filter(path__startswith=self.path)

    def get_absolute_url(self):
        return reverse("articles:locality", args=[self.slug])

    @cached_property
    def url(self):
        """get_absolute_url(), once per instance; a unit of the cached "Địa phương" box carries it (articles.cached)."""
        return self.get_absolute_url()


class Author(models.Model):
    """A byline: a pen name, sometimes a staff member's."""

    pen_name = models.CharField(_("pen name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff account"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["pen_name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.pen_name

    def save(self, *args, **kwargs):
        self.pen_name = normalize(self.pen_name)
        if not self.slug:
            self.slug = vn_slugify(self.pen_name, 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class Tag(TagBase):
    """A taggit tag whose slug is ASCII Vietnamese ("Hà Tĩnh" -> "ha-tinh")."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = vn_slugify(tag, 90) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def save(self, *args, **kwargs):
        self.name = normalize(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", args=[self.slug])


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        unique_together = [("content_object", "tag")]
        # "Tin liên quan" looks up every story carrying the page's tags: (tag, story) answers it from the index
        # alone (~3 ms -> ~1 ms for a 14,000-story tag on PostgreSQL).
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_story")]


LISTING_FIELDS = (
    "id",
    "kicker",
    "headline",
    "slug",
    "sapo",
    "cover",
    "cover_alt",
    "cover_renditions",
    "published_at",
    "section__name",
    "section__slug",
    "status",
)


# "Tin liên quan": the newest stories sharing a tag or locality that get scored; a shared tag says more about a
# story than a shared commune.
RELATED_CANDIDATES = 300
TAG_WEIGHT, LOCALITY_WEIGHT = 2, 1


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see right now (scheduled ones appear on time)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publication(self, now):
        """When the next scheduled story comes out, or None (the page cache's PAGE_CACHE_NEXT_CHANGE)."""
        scheduled = self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        return scheduled.aggregate(next_at=models.Min("published_at"))["next_at"]

    def earlier_than(self, story):
        """ "Các tin đã đưa": the same section's stories published before this one, newest first."""
        before = models.Q(published_at__lt=story.published_at) | models.Q(
            published_at=story.published_at, pk__lt=story.pk
        )
        return self.filter(before, section_id=story.section_id).order_by("-published_at", "-id")

    def related_to(self, story):
        """ "Tin liên quan": editors' pins in their order, then stories scored by shared tags and localities,
        newest first among equals; each once, never the story itself (one query).

        Uses the story's prefetched tags and localities (for_page()), so it costs a single query however many.
        """
        tag_ids = [tag.pk for tag in story.tags.all()]
        locality_ids = [loc.pk for loc in story.localities.all()]
        through = Article.localities.through

        def count_of(ids, queryset, key):
            if not ids:
                return models.Value(0)
            counted = queryset.order_by().values(key).annotate(n=models.Count("pk")).values("n")
            return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), models.Value(0))

        shared_tags = count_of(
            tag_ids,
            TaggedArticle.objects.filter(content_object=models.OuterRef("pk"), tag_id__in=tag_ids),
            "content_object_id",
        )
        shared_localities = count_of(
            locality_ids,
            through.objects.filter(article_id=models.OuterRef("pk"), locality_id__in=locality_ids),
            "article_id",
        )
        pins = RelatedPin.objects.filter(article_id=story.pk, related_id=models.OuterRef("pk")).order_by(
            "position", "id"
        )
        # Score only the pins and the newest RELATED_CANDIDATES stories that share something: scoring every story
        # took 0.85 s at 100,000 stories. The newest sharing stories are ordered by date alone, so PostgreSQL walks
        # the (status, published_at) index and stops after RELATED_CANDIDATES matches (~2 ms; ordering pins first
        # forced a sort of every sharing story, ~60 ms). The pins join them in a UNION where the database allows a
        # LIMIT inside one (PostgreSQL); elsewhere an OR, fine at SQLite sizes.
        pinned = RelatedPin.objects.filter(article_id=story.pk).values("related_id")
        # EXISTS per row, not IN: checking the ~2,000 newest stories by index is cheaper than hashing every story
        # that carries one of the tags (14,000 rows for a common tag).
        sharing = models.Exists(
            TaggedArticle.objects.filter(content_object=models.OuterRef("pk"), tag_id__in=tag_ids)
        ) | models.Exists(through.objects.filter(article_id=models.OuterRef("pk"), locality_id__in=locality_ids))
        newest = (
            self.exclude(pk=story.pk).filter(sharing).order_by("-published_at", "-id").values("pk")[:RELATED_CANDIDATES]
        )
        if connection.features.supports_slicing_ordering_in_compound:
            candidates = models.Q(pk__in=newest.union(pinned.values("related_id"), all=True))
        else:
            candidates = models.Q(pk__in=newest) | models.Q(pk__in=pinned)
        return (
            self.exclude(pk=story.pk)
            .filter(candidates)
            .annotate(
                pin_position=models.Subquery(pins.values("position")[:1]),
                pin_id=models.Subquery(pins.values("id")[:1]),
                score=shared_tags * TAG_WEIGHT + shared_localities * LOCALITY_WEIGHT,
            )
            .order_by(
                models.F("pin_position").asc(nulls_last=True),
                models.F("pin_id").asc(nulls_last=True),
                "-score",
                "-published_at",
                "-id",
            )
        )

    def most_viewed(self, days, today=None):
        """ "Xem nhiều": stories by reads over the last `days` local days, today included, most read first."""
        since = (today or timezone.localdate()) - datetime.timedelta(days=days - 1)
        # The filter comes before the Sum, so the Sum adds only these days' rows (one join, one query).
        return (
            self.filter(daily_views__day__gte=since)
            .annotate(reads=models.Sum("daily_views__count"))
            .order_by("-reads", "-published_at", "-id")
        )

    def on_day(self, day):
        """Stories published on this local day (Asia/Ho_Chi_Minh): 23:30 on the 24th belongs to the 24th."""
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
        return self.filter(published_at__gte=start, published_at__lt=end)

    def in_locality(self, locality):
        """Stories about this unit or any unit under it, without DISTINCT."""
        through = Article.localities.through
        return self.filter(pk__in=through.objects.filter(locality__path__startswith=locality.path).values("article_id"))

    def latest_by_top_section(self, top_ids, per_section, window):
        """{top-level section id: its latest `per_section` stories, sub-sections included}, in one windowed query.

        Ranks only the newest `window` stories: a window over every story costs ~250 ms at 100,000 of them, and a
        section with nothing among the newest has nothing fresh to show on the home page anyway.
        """
        if not top_ids:
            return {}
        lookups = ["section" + "__parent" * level + "_id" for level in range(2, -1, -1)]  # sections nest 3 deep
        root = Coalesce(*[models.F(lookup) for lookup in lookups], output_field=models.IntegerField())
        recent = self.order_by("-published_at", "-id").values("pk")[:window]
        ranked = (
            self.filter(pk__in=recent)
            .annotate(
                root_section=root,
                rank=Window(
                    RowNumber(), partition_by=[root], order_by=[models.F("published_at").desc(), models.F("id").desc()]
                ),
            )
            .filter(rank__lte=per_section)
            .order_by("root_section", "rank")
        )
        grouped = {}
        for story in ranked:
            grouped.setdefault(story.root_section, []).append(story)
        return grouped

    # Approval by rank: the desk's queues (articles.chains has the rules).

    def awaiting(self, user):
        """Stories in review waiting for a step `user` acts at, in one query: the first step of the story's chain that
        has not approved its current revision, or its last step once all have (the story waits to be published)."""
        if not user.is_active:
            return self.none()
        queryset = self.filter(status=workflow.REVIEW)
        if user.is_superuser:
            return queryset
        latest = ArticleRevision.objects.filter(article=models.OuterRef("pk")).order_by("-created_at", "-id")
        steps = ApprovalStep.objects.filter(chain_id=models.OuterRef("chain_id"))
        approved = StepApproval.objects.filter(
            article_id=models.OuterRef(models.OuterRef("pk")),
            step_id=models.OuterRef("pk"),
            kind=StepApproval.Kind.APPROVED,
            counts_for=models.OuterRef(models.OuterRef("current_revision")),
        )
        waiting = steps.exclude(models.Exists(approved)).order_by("position", "id").values("group_id")[:1]
        last = steps.order_by("-position", "-id").values("group_id")[:1]
        # The default chain's one step belongs to whoever may review (the editors).
        reviewer = get_user_model().objects.filter(
            models.Q(user_permissions__codename="review_article", user_permissions__content_type__app_label="articles")
            | models.Q(
                groups__permissions__codename="review_article", groups__permissions__content_type__app_label="articles"
            ),
            pk=user.pk,
        )
        return queryset.annotate(
            chain_id=Coalesce(
                "section__approval_chain__id",
                "section__parent__approval_chain__id",
                "section__parent__parent__approval_chain__id",
                output_field=models.BigIntegerField(),
            ),
            current_revision=Coalesce(models.Subquery(latest.values("pk")[:1]), models.Value(0)),
            step_group=Coalesce(models.Subquery(waiting), models.Subquery(last)),
        ).filter(
            (models.Exists(reviewer) & models.Q(chain_id__isnull=True))
            | models.Q(step_group__in=user.groups.values("pk"))
        )

    def sent_back_to(self, user):
        """The user's stories (created or signed) sent back to draft, with the remark (`send_back_remark`), who and when
        (`sent_back_by`, `sent_back_at`), in one query ("Việc của tôi" lists them)."""
        last = ArticleTransition.objects.filter(article=models.OuterRef("pk")).order_by("-at", "-id")
        signed = ArticleAuthor.objects.filter(author__user=user).values("article_id")
        return (
            self.filter(models.Q(created_by=user) | models.Q(pk__in=signed), status=workflow.DRAFT)
            .annotate(
                last_source=models.Subquery(last.values("source")[:1]),
                last_target=models.Subquery(last.values("target")[:1]),
                send_back_remark=models.Subquery(last.values("remark")[:1]),
                sent_back_at=models.Subquery(last.values("at")[:1]),
                sent_back_by=models.Subquery(last.values("actor__username")[:1]),
            )
            # A send-back always carries a remark; the reporter's own withdrawal has none.
            .filter(last_source=workflow.REVIEW, last_target=workflow.DRAFT)
            .exclude(send_back_remark="")
            .order_by("-sent_back_at", "-id")
        )

    def for_listing(self, *extra_fields):
        """What a list of stories shows: section and cover without a query per row (and never the body)."""
        return self.select_related("section").only(*LISTING_FIELDS, *extra_fields)

    def for_page(self):
        """Everything the story page shows, in a fixed number of queries (not the folded search copy of the body)."""
        return (
            self.select_related("section", "section__parent")
            .defer("search_text")
            .prefetch_related(
                models.Prefetch(
                    "bylines", queryset=ArticleAuthor.objects.select_related("author").order_by("position")
                ),
                models.Prefetch("localities", queryset=Locality.objects.order_by("level", "name")),
                "tags",
            )
        )


class Article(models.Model):
    """A story: what readers read, what editors write."""

    Status = workflow.Status

    kicker = models.CharField(_("kicker"), max_length=200, blank=True, help_text=_("Optional line above the headline."))
    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=250, help_text=_("Part of the address; ASCII, made from the headline.")
    )
    sapo = models.TextField(_("sapo"), max_length=1000, help_text=_("The lead paragraph shown under the headline."))
    body = models.TextField(_("body"), blank=True)
    cover = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cover_of",
        help_text=_("A photo of the library; its 16:9 crop around the focal point is the cover."),
    )
    cover_caption = models.CharField(_("cover caption"), max_length=500, blank=True)
    cover_credit = models.CharField(_("cover credit"), max_length=200, blank=True)
    cover_alt = models.CharField(_("cover alt text"), max_length=250, blank=True)
    # The cover photo's 16:9 crops (WebP/JPEG widths and names), copied on save, so lists never join the library.
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles")
    localities = models.ManyToManyField(Locality, verbose_name=_("localities"), blank=True, related_name="articles")
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="ArticleAuthor", blank=True, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A published story appears on the site from this moment."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    is_featured = models.BooleanField(_("featured"), default=False, db_index=True)
    # Folded headline + sapo + body text ("ha tinh dang"): same matching on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Bumped on every save: the admin form carries it, so a second editor's stale save is refused, not merged.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Part of every signed preview link: bumping it (revoke_previews) makes every link given out so far invalid.
    preview_generation = models.PositiveIntegerField(default=0, editable=False)
    content_updated_at = models.DateTimeField(
        _("content updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Last substantive change after publication, shown to readers as “Cập nhật”."),
    )
    correction = models.TextField(
        _("correction note"), blank=True, help_text=_("Shown to readers under the story, e.g. what was corrected.")
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"], name="article_status_pub")]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish stories"),
            ("review_article", "Can review any story and send it back"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        for field in ("kicker", "headline", "sapo", "cover_caption", "cover_alt"):
            setattr(self, field, normalize(getattr(self, field)))
        self.cover_credit = clean_credit(self.cover_credit)
        whole = kwargs.get("update_fields") is None
        if whole and (self.cover_id != self._loaded_cover_id or (self._state.adding and self.cover_id)):
            self._take_cover()
        if not self.slug:
            self.slug = vn_slugify(self.headline, 250) or "bai-viet"
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

        self.body = clean_html(normalize(self.body))
        self.search_text = fold(" ".join([self.kicker, self.headline, self.sapo, html_to_text(self.body)]))
        if self.pk is not None:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            if whole or {"body", "cover"} & set(kwargs["update_fields"]):
                PhotoUse.sync(self)
        self._loaded_cover_id = self.cover_id

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # From __dict__: a story read with only() some fields must not load the cover to learn it.
        self._loaded_cover_id = self.__dict__.get("cover_id")

    def _take_cover(self):
        """The cover photo's crops, and its caption, credit and alt text where the story leaves them empty."""
        if not self.cover_id:
            self.cover_renditions = []
            return
        photo = self.cover
        self.cover_renditions = photo.crops or photo.renditions
        self.cover_caption = self.cover_caption or photo.caption
        self.cover_credit = self.cover_credit or photo.credit
        self.cover_alt = self.cover_alt or photo.alt

    # Workflow: every state change is one of these methods; the table and the guards are in articles.workflow.

    def content_snapshot(self):
        """The content fields as JSON: text, cover photo id, section id, locality ids, tag names, author ids in order
        (what a revision keeps, see articles.revisions)."""
        return {
            "kicker": self.kicker,
            "headline": self.headline,
            "sapo": self.sapo,
            "body": self.body,
            "cover": self.cover_id,
            "section": self.section_id,
            "localities": sorted(self.localities.values_list("pk", flat=True)),
            "tags": sorted(self.tags.values_list("name", flat=True), key=str.casefold),
            "authors": list(self.bylines.order_by("position", "id").values_list("author_id", flat=True)),
        }

    def submit(self, user):
        """Send a draft to the editors."""
        self._move(workflow.REVIEW, user)

    def send_back(self, user, remark):
        """Return a story in review to its reporter, saying why (the step it waits at does this)."""
        remark = normalize(remark or "").strip()
        if not remark:
            raise workflow.InvalidTransition(_("Say what the reporter should change before sending the story back."))
        self._move(workflow.DRAFT, user, remark=remark, check=chains.check_send_back)

    # Approval by rank (articles.chains): the step the story waits at approves it, takes it over, or sends it back.

    def approve(self, user, remark=""):
        """The step the story waits at approves its current version."""
        return chains.approve(self, user, remark)

    def take_over(self, user):
        """The step the story waits at takes it to edit it (the reporter can no longer withdraw it)."""
        return chains.take_over(self, user)

    def withdraw(self, user):
        """The reporter takes a submitted story back to draft, until a step has started on it."""
        self._move(workflow.DRAFT, user, check=chains.check_withdraw)

    def publish(self, user, at=None, remark=""):
        """Put the story on the site now, or at `at` (scheduled: it appears at that minute by itself)."""
        self._move(workflow.PUBLISHED, user, published_at=at or timezone.now(), remark=remark)

    def unpublish(self, user, remark=""):
        """Take the story off the site (or cancel its schedule)."""
        self._move(workflow.UNPUBLISHED, user, remark=remark)

    def reopen(self, user):
        """Make an unpublished story a draft again."""
        self._move(workflow.DRAFT, user)

    def _move(self, target, user, *, published_at=None, remark="", check=workflow.check):
        with transaction.atomic():
            # Lock the row and start from its saved state: a step somebody else just made is not undone.
            current = Article.objects.select_for_update().only("status", "published_at", "version").get(pk=self.pk)
            self.status, self.published_at, self.version = current.status, current.published_at, current.version
            check(self, target, user)
            # Published or scheduled only once every step of the chain approved this version.
            approved_by_publishing = chains.check_publish(self, user) if target == workflow.PUBLISHED else []
            source = self.status
            self.status = target
            if published_at is not None:
                self.published_at = published_at
            self.save(update_fields=["status", "published_at", "updated_at"])
            ArticleTransition.objects.create(
                article=self, actor=user, source=source, target=target, remark=remark, published_at=self.published_at
            )
            chains.record_publication(self, approved_by_publishing, user)

    def revoke_previews(self):
        """Make every preview link given out for this story invalid; links made from now on work."""
        Article.objects.filter(pk=self.pk).update(preview_generation=models.F("preview_generation") + 1)
        self.preview_generation = Article.objects.values_list("preview_generation", flat=True).get(pk=self.pk)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug, self.pk])

    @cached_property
    def url(self):
        """get_absolute_url(), once per instance; a story of a cached list carries it (articles.cached), so a page
        of cards builds no story address."""
        return self.get_absolute_url()

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    # Vietnamese words are syllables: an adult reads about 220 of them a minute on a phone.
    READING_SYLLABLES_PER_MINUTE = 220

    @cached_property
    def reading_minutes(self):
        """ "Đọc trong N phút": the sapo and body at a reader's pace, at least one minute (counted once per page)."""
        syllables = len(html_to_text(self.body).split()) + len((self.sapo or "").split())
        return max(1, round(syllables / self.READING_SYLLABLES_PER_MINUTE))

    @property
    def body_html(self):
        """The body ready for the page: each library photo and gallery as captioned figures.

        Stored HTML was sanitised on save; photos are looked up only when the body places one, in one query.
        """
        # Video markers become players (templates/jinja2/articles/_embed.html), photo and gallery markers figures.
        return render_body(render_embeds(self.body or ""))

    @property
    def byline(self):
        """ "Minh Huệ - Tuấn Hiển": pen names in the order the editor set (uses the prefetch)."""
        return " - ".join(b.author.pen_name for b in self.bylines.all())


class ArticleAuthor(models.Model):
    """One author's place in a story's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_author_per_article")]

    def __str__(self):
        return self.author.pen_name


class ArticleTransition(models.Model):
    """One workflow step: who moved the story, when, from which state to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    source = models.CharField(_("from"), max_length=20, choices=Article.Status)
    target = models.CharField(_("to"), max_length=20, choices=Article.Status)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self):
        return f"{self.source} -> {self.target}"


class ArticleRevision(models.Model):
    """The content fields of a story as one save left them (see articles.revisions)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    content = models.JSONField(_("content"), default=dict)
    restored_from = models.ForeignKey(
        "self", verbose_name=_("restored from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.article_id}@{self.created_at:%Y-%m-%d %H:%M}"


# Readership and editors' pins -------------------------------------------------------------------------------------


class DailyViews(models.Model):
    """Reads of one story on one local day: "Xem nhiều" sums the last seven days."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("daily reads")
        verbose_name_plural = _("daily reads")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="unique_views_per_article_day")]
        # "Xem nhiều" reads a week of rows for every story: start from the day.
        indexes = [models.Index(fields=["day", "article"], name="dailyviews_day_article")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.count}"


class RelatedPin(models.Model):
    """A story an editor chose for another's "Tin liên quan"; pins come before the computed ones."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_pins")
    related = models.ForeignKey(
        Article, verbose_name=_("related story"), on_delete=models.CASCADE, related_name="pinned_in"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("pinned related story")
        verbose_name_plural = _("pinned related stories (in order)")
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_pin"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")),
                name="related_pin_not_itself",
                violation_error_message=_("A story cannot be related to itself."),
            ),
        ]

    def __str__(self):
        return str(self.related_id)


# The front page editors arrange -----------------------------------------------------------------------------------


class FrontPlacementQuerySet(models.QuerySet):
    def live(self, now):
        """Placements in force at `now` (started, not ended); the story's own state is checked by the reader."""
        return self.filter(starts_at__lte=now).filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now))


class FrontPlacement(models.Model):
    """An editor's choice of story for one named slot of the home page, from `starts_at` until `ends_at`.

    Slots are named in articles.frontpage ("lead", "row-1"…, "section-<id>"). Where several placements of one slot
    are in force, the latest start wins; an empty or expired slot falls back to the automatic order.
    """

    slot = models.CharField(_("slot"), max_length=40, db_index=True)
    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="front_placements"
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now, db_index=True)
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True, db_index=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)

    objects = FrontPlacementQuerySet.as_manager()

    class Meta:
        ordering = ["slot", "-starts_at", "-id"]
        verbose_name = _("front-page placement")
        verbose_name_plural = _("front-page placements")
        permissions = [("arrange_frontpage", "Can arrange the front page")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="front_placement_ends_after_start",
                violation_error_message=_("The end must come after the start."),
            )
        ]

    def __str__(self):
        return f"{self.slot}: {self.article_id}"

    def place(self, by, *, action=None):
        """Save the placement (new or changed) and log who did it."""
        action = action or (FrontPlacementLog.Action.CHANGED if self.pk else FrontPlacementLog.Action.PLACED)
        with transaction.atomic():
            self.placed_by = by
            self.save()
            FrontPlacementLog.record(self, by, action)

    def withdraw(self, by):
        """Take the placement off the page (the slot falls back to the automatic order) and log it."""
        with transaction.atomic():
            FrontPlacementLog.record(self, by, FrontPlacementLog.Action.REMOVED)
            self.delete()


class FrontPlacementLog(models.Model):
    """Who placed, changed or removed which story in which slot, and when (kept after the placement is gone)."""

    class Action(models.TextChoices):
        PLACED = "placed", _("placed")
        CHANGED = "changed", _("changed")
        REMOVED = "removed", _("removed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    slot = models.CharField(_("slot"), max_length=40)
    article = models.ForeignKey(
        Article, verbose_name=_("story"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    headline = models.CharField(_("headline"), max_length=300)
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"), null=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("front-page log entry")
        verbose_name_plural = _("front-page log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.slot}"

    @classmethod
    def record(cls, placement, by, action):
        return cls.objects.create(
            user=by,
            action=action,
            slot=placement.slot,
            article_id=placement.article_id,
            headline=placement.article.headline[:300],
            starts_at=placement.starts_at,
            ends_at=placement.ends_at,
        )


def next_publication(now):
    """PAGE_CACHE_NEXT_CHANGE: cached pages and lists are replaced when a scheduled story comes out, and when a
    front-page placement starts or ends (one query)."""
    stories = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at")
    )
    starts = FrontPlacement.objects.filter(starts_at__gt=now).order_by().values_list("starts_at")
    ends = FrontPlacement.objects.filter(ends_at__gt=now).order_by().values_list("ends_at")
    first = stories.union(starts, ends).order_by("published_at")[:1]
    return next(iter(row[0] for row in first), None)


# The photo library (articles/photos.py) is defined after Tag, which its tags point to.
from articles.photos import BODY_IMAGE, BODY_GALLERY, Photo, PhotoUse, TaggedPhoto, clean_credit, render_body  # noqa: E402, F401, I001
