"""Revisions of a story's content: captured on every admin save, compared word by word, restored as new ones."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import chains
from articles.models import Article, ArticleAuthor, ArticleRevision, Author, Locality, Photo, Section
from articles.sanitize import html_to_text
from core.diff import render_word_diff

# Changes to these are "substantive": a published story changed in them shows "Cập nhật" to readers.
TEXT_FIELDS = ["kicker", "headline", "sapo", "body", "cover"]

LABELS = {
    "kicker": _("kicker"),
    "headline": _("headline"),
    "sapo": _("sapo"),
    "body": _("body"),
    "cover": _("cover image"),
    "section": _("section"),
    "localities": _("localities"),
    "tags": _("tags"),
    "authors": _("authors"),
}


def snapshot(article):
    """The content fields as JSON (Article.content_snapshot)."""
    return article.content_snapshot()


def record(article, user, restored_from=None):
    """Keep a revision if the content differs from the last one; mark a live story as updated when it does.

    Returns the new revision, or None when the save changed nothing in the content.
    """
    content = snapshot(article)
    last = article.revisions.order_by("-created_at", "-id").first()
    if last is not None and last.content == content:
        return None
    now = timezone.now()
    revision = ArticleRevision.objects.create(
        article=article, author=user, created_at=now, content=content, restored_from=restored_from
    )
    # Approvals of the text before this save stop counting, save those the chain's rule keeps (articles.chains).
    chains.content_changed(article, last.pk if last is not None else 0, revision, user)
    substantive = last is not None and any(last.content.get(f) != content[f] for f in TEXT_FIELDS)
    if substantive and article.is_public:
        Article.objects.filter(pk=article.pk).update(content_updated_at=now)
        article.content_updated_at = now
    return revision


def _names(model, ids, attribute):
    found = dict(model.objects.filter(pk__in=ids).values_list("pk", attribute))
    return ", ".join(str(found.get(pk, f"#{pk}")) for pk in ids)


def readable(content):
    """{field: text} a person can read: the body without tags, names instead of ids."""
    section = Section.objects.filter(pk=content.get("section")).values_list("name", flat=True).first()
    return {
        "kicker": content.get("kicker", ""),
        "headline": content.get("headline", ""),
        "sapo": content.get("sapo", ""),
        "body": html_to_text(content.get("body", "")),
        "cover": _cover_name(content.get("cover")),
        "section": section or "",
        "localities": _names(Locality, content.get("localities", []), "name"),
        "tags": ", ".join(content.get("tags", [])),
        "authors": _names(Author, content.get("authors", []), "pen_name"),
    }


def compare(older, newer):
    """[(label, escaped HTML with <del>/<ins>)] for each field that differs between two revisions."""
    before, after = readable(older.content), readable(newer.content)
    return [
        (LABELS[name], render_word_diff(before[name], after[name])) for name in LABELS if before[name] != after[name]
    ]


def restore(revision, user):
    """Put an old revision's content back; this is recorded as a new revision, history is never rewritten."""
    content = revision.content
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        for name in ("kicker", "headline", "sapo", "body"):
            setattr(article, name, content.get(name, ""))
        # Revisions made before the library held a file name: those leave the cover as it is.
        cover = content.get("cover")
        if cover is None or (isinstance(cover, int) and Photo.objects.filter(pk=cover).exists()):
            article.cover_id = cover
        if Section.objects.filter(pk=content.get("section")).exists():
            # Restoring an older section is a move like any other: it must not skip a step of the chain.
            chains.check_move(article, content["section"], user)
            article.section_id = content["section"]
        article.save()
        article.localities.set(Locality.objects.filter(pk__in=content.get("localities", [])))
        article.tags.set(content.get("tags", []))
        authors = set(Author.objects.filter(pk__in=content.get("authors", [])).values_list("pk", flat=True))
        article.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=pk, position=position)
            for position, pk in enumerate(a for a in content.get("authors", []) if a in authors)
        )
        return record(article, user, restored_from=revision) or revision


def _cover_name(cover):
    """The cover as a person knows it: the photo's caption (or file name), or an older revision's file name."""
    if isinstance(cover, int):
        photo = Photo.objects.filter(pk=cover).first()
        return str(photo) if photo else f"#{cover}"
    return (cover or "").rsplit("/", 1)[-1]
