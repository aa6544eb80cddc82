"""The photo library: every photo a story shows is one of these, found by caption, credit, tag or date and reused.

Imported by articles.models (the models live in the articles app, which other content apps may not be imported by).
"""

import datetime
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.images import delete_renditions, make_crops, make_renditions
from core.text import fold, normalize

# What the body editor inserts. The page replaces each with the photo as it is now (renditions, caption, credit):
#   <figure class="body-image-12">…</figure>                 one library photo
#   <figure class="body-gallery" data-photos="1,2,3">…</figure>   a gallery of library photos, in that order
# Opening tags, whatever the attributes' order; a block ends at its matching </figure> (see _blocks).
BODY_IMAGE = re.compile(r'<figure\b[^>]*\bclass="[^"]*\bbody-image-(?P<pk>\d+)\b[^"]*"[^>]*>')
BODY_GALLERY = re.compile(
    r'<figure\b(?=[^>]*\bclass="[^"]*\bbody-gallery\b)[^>]*\bdata-photos="(?P<pks>[\d,\s]*)"[^>]*>'
)
_FIGURE_TAG = re.compile(r"<(/?)figure\b[^>]*>")


def _blocks(body, opening, replace):
    """`body` with each <figure> that `opening` matches, up to its own </figure>, replaced by replace(match)."""
    parts, position = [], 0
    for match in opening.finditer(body):
        if match.start() < position:
            continue  # inside a block already replaced
        depth, end = 1, len(body)
        for tag in _FIGURE_TAG.finditer(body, match.end()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                end = tag.end()
                break
        parts += [body[position : match.start()], replace(match)]
        position = end
    parts.append(body[position:])
    return "".join(parts)


# "Ảnh: Minh Huệ", "ảnh - Minh Huệ", "Ảnh Minh Huệ": the page prints "Ảnh: " itself.
_CREDIT_PREFIX = re.compile(r"^\s*ảnh\s*[:\-–—]?\s*", re.IGNORECASE)


def clean_credit(text):
    """A photo credit without the "Ảnh:" the page adds (typed once or twice), NFC, single spaces."""
    text = " ".join(normalize(text or "").split())
    while True:
        stripped = _CREDIT_PREFIX.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def photo_ids(body):
    """{photo pk: "body" | "gallery"} for every library photo the body places (a gallery wins over a lone use)."""
    found = {}
    for match in BODY_IMAGE.finditer(body or ""):
        found.setdefault(int(match["pk"]), PhotoUse.Kind.BODY)
    for match in BODY_GALLERY.finditer(body or ""):
        for pk in gallery_ids(match["pks"]):
            found[pk] = PhotoUse.Kind.GALLERY
    return found


def gallery_ids(value):
    return [int(part) for part in (value or "").replace(" ", "").split(",") if part.isdigit()]


class TaggedPhoto(TaggedItemBase):
    content_object = models.ForeignKey("articles.Photo", on_delete=models.CASCADE)
    tag = models.ForeignKey("articles.Tag", on_delete=models.CASCADE, related_name="tagged_photos")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        unique_together = [("content_object", "tag")]


class PhotoQuerySet(models.QuerySet):
    def search(self, term):
        """Photos whose caption, credit, alt text, place or tags hold every word of `term`, marks or not; a date
        typed as 23/1/2013 or 2013-01-23 finds the photos taken that day."""
        day = parse_day(term)
        if day is not None:
            return self.filter(taken_on=day)
        result = self
        for word in fold(term).split():
            result = result.filter(search_text__contains=word)
        return result


def parse_day(term):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime((term or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


class Photo(models.Model):
    """A photo of the library: the file (re-encoded, no metadata), what it shows, who took it, and its renditions."""

    image = models.ImageField(_("photo"), upload_to="photos/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("photo credit"), max_length=200, blank=True, help_text=_("Who took it, without “Ảnh:” (the page adds it).")
    )
    credit_author = models.ForeignKey(
        "articles.Author",
        verbose_name=_("credited author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        help_text=_("Filled in by itself when the credit is an author's pen name."),
    )
    alt = models.CharField(
        _("alt text"), max_length=250, blank=True, help_text=_("What the photo shows, for readers who cannot see it.")
    )
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    locality = models.ForeignKey(
        "articles.Locality",
        verbose_name=_("locality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedPhoto, blank=True)
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right edge."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom edge."),
    )
    # Full-frame WebP/JPEG renditions (the body), and 16:9 crops around the focal point (covers, thumbnails).
    renditions = models.JSONField(default=list, blank=True, editable=False)
    crops = models.JSONField(default=list, blank=True, editable=False)
    # Folded caption, credit, alt, place and tags ("anh minh hue"): "Hà Tĩnh" and "ha tinh" find the same photos.
    search_text = models.TextField(editable=False, blank=True, default="")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photo library")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rendered_from = self._render_key()

    def __str__(self):
        return self.caption or self.alt or self.image.name.rsplit("/", 1)[-1]

    def _render_key(self):
        # From __dict__: reading a deferred field here would load it, building another Photo, and so on.
        image = self.__dict__.get("image")
        return (getattr(image, "name", image) or "", self.__dict__.get("focal_x"), self.__dict__.get("focal_y"))

    def save(self, *args, **kwargs):
        for field in ("caption", "alt", "place"):
            setattr(self, field, normalize(getattr(self, field)))
        self.credit = clean_credit(self.credit)
        self._link_credit_author()
        self.search_text = self.folded_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "credit", "credit_author"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        moved = None not in self._rendered_from[1:] and self._render_key() != self._rendered_from
        if moved or (adding and self.image and not self.renditions):
            try:
                self.render()
            except (OSError, ValueError):
                self._rendered_from = self._render_key()  # the file is unreadable: no renditions, the file is shown

    def _link_credit_author(self):
        if self.credit and self.credit_author_id is None:
            authors = self._meta.get_field("credit_author").related_model.objects
            self.credit_author = authors.filter(pen_name__iexact=self.credit).first()
        elif not self.credit and self.credit_author_id is not None:
            self.credit = self.credit_author.pen_name

    def folded_text(self):
        """What search matches: caption, credit, alt, place, locality and tags, folded."""
        tags = list(self.tags.values_list("name", flat=True)) if self.pk else []
        locality = self.locality.name if self.locality_id else ""
        return fold(" ".join([self.caption, self.credit, self.alt, self.place, locality, *tags]))

    def refresh_search_text(self):
        """After the tags change (they are saved after the photo)."""
        self.search_text = self.folded_text()
        Photo.objects.filter(pk=self.pk).update(search_text=self.search_text)

    def render(self):
        """Make the renditions and focal crops again; stories showing it as their cover get the new crops."""
        old = [*(self.renditions or []), *(self.crops or [])]
        if self.image:
            self.renditions = make_renditions(self.image)
            self.crops = make_crops(self.image, self.focal_x, self.focal_y)
        else:
            self.renditions, self.crops = [], []
        self._rendered_from = self._render_key()
        with transaction.atomic():
            Photo.objects.filter(pk=self.pk).update(renditions=self.renditions, crops=self.crops)
            # Every story showing it as its cover shows the new crops (one UPDATE; the photo's own save changed
            # the content token already).
            self.cover_of.update(cover_renditions=self.crops or self.renditions)
        kept = {r.get(key) for r in [*self.renditions, *self.crops] for key in ("webp", "jpeg")}
        delete_renditions([r for r in old if r.get("jpeg") not in kept])

    @property
    def thumb_url(self):
        """The smallest crop (160 px, 16:9), or the smallest rendition, or the file itself."""
        for renditions in (self.crops, self.renditions):
            if renditions:
                return default_storage.url(renditions[0]["jpeg"])
        return self.image.url if self.image else ""

    @property
    def preview_url(self):
        """A crop about 480 px wide (16:9, as the cover is shown), for the story form's preview; or thumb_url."""
        for renditions in (self.crops, self.renditions):
            if len(renditions or ()) > 1:
                return default_storage.url(renditions[1]["jpeg"])
        return self.thumb_url

    def picture_context(self, sizes="(max-width: 800px) 100vw, 800px"):
        """What templates/jinja2/articles/_photo_picture.html needs: srcsets, the fallback <img>, caption and credit."""
        renditions = self.renditions or []
        largest = renditions[-1] if renditions else None
        return {
            "photo": self,
            "webp_srcset": ", ".join(f"{default_storage.url(r['webp'])} {r['width']}w" for r in renditions),
            "jpeg_srcset": ", ".join(f"{default_storage.url(r['jpeg'])} {r['width']}w" for r in renditions),
            "src": default_storage.url(largest["jpeg"]) if largest else (self.image.url if self.image else ""),
            "width": largest["width"] if largest else None,
            "height": largest["height"] if largest else None,
            "sizes": sizes,
        }

    def usage(self):
        """[(story, [kinds])] of the stories that show this photo, newest first (one query)."""
        stories = {}
        uses = self.uses.select_related("article").only(
            "kind", "article__id", "article__headline", "article__status", "article__published_at"
        )
        for use in uses.order_by("-article__id", "kind"):
            stories.setdefault(use.article, []).append(use.get_kind_display())
        return list(stories.items())


class PhotoUse(models.Model):
    """One story showing one photo (as its cover, in its body or in a gallery): kept on every save of the story, so
    "used in" and the deletion guard never read bodies."""

    class Kind(models.TextChoices):
        COVER = "cover", _("Cover")
        BODY = "body", _("In the body")
        GALLERY = "gallery", _("In a gallery")

    photo = models.ForeignKey(Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="uses")
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="photo_uses"
    )
    kind = models.CharField(_("used as"), max_length=10, choices=Kind)

    class Meta:
        verbose_name = _("use of a photo")
        verbose_name_plural = _("uses of photos")
        constraints = [models.UniqueConstraint(fields=["photo", "article", "kind"], name="unique_photo_use")]

    def __str__(self):
        return _("%(kind)s of “%(headline)s”") % {"kind": self.get_kind_display(), "headline": self.article.headline}

    @classmethod
    def sync(cls, article):
        """Make the story's rows match its cover and body (a few queries, whatever the body's size)."""
        wanted = photo_ids(article.body)
        existing_ids = set(Photo.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
        rows = {(pk, kind) for pk, kind in wanted.items() if pk in existing_ids}
        if article.cover_id:
            rows.add((article.cover_id, cls.Kind.COVER))
        current = set(cls.objects.filter(article=article).values_list("photo_id", "kind"))
        gone = current - rows
        if gone:
            stale = models.Q()
            for pk, kind in gone:
                stale |= models.Q(photo_id=pk, kind=kind)
            cls.objects.filter(stale, article=article).delete()
        cls.objects.bulk_create(cls(photo_id=pk, article=article, kind=kind) for pk, kind in rows - current)


def render_body(body):
    """The stored body with each photo and gallery marker replaced by its figure (one query for all photos)."""
    wanted = photo_ids(body)
    if not wanted:
        return mark_safe(body)  # cleaned by articles.sanitize on every save
    photos = Photo.objects.select_related("credit_author").in_bulk(list(wanted))

    def one(match):
        photo = photos.get(int(match["pk"]))
        if photo is None:
            return ""
        return render_to_string("articles/_body_photo.html", {"item": photo.picture_context()})

    def gallery(match):
        found = [photos[pk] for pk in gallery_ids(match["pks"]) if pk in photos]
        if not found:
            return ""
        items = [photo.picture_context(sizes="(max-width: 800px) 85vw, 600px") for photo in found]
        return render_to_string("articles/_gallery.html", {"items": items})

    body = _blocks(body, BODY_GALLERY, gallery)
    return mark_safe(_blocks(body, BODY_IMAGE, one))  # sanitised body + templates' escaped figures
