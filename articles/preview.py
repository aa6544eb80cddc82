"""Previews: a story in any state, exactly as the public page will show it, for staff or through a signed link."""

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.views import render_story

# One salt per purpose: a signature made for anything else in the project never opens a preview.
SALT = "articles.preview-link"


def max_age():
    return settings.PREVIEW_LINK_HOURS * 3600


def make_token(article):
    # The story's preview generation is signed too: revoking (Article.revoke_previews) invalidates every link.
    return signing.TimestampSigner(salt=SALT).sign(f"{article.pk}:{article.preview_generation}")


def link(article):
    """The path of a signed preview link for someone without an account; it expires after PREVIEW_LINK_HOURS."""
    return reverse("article_preview", args=[make_token(article)])


def render_preview(request, article):
    """The public story page for this story whatever its state, kept out of search engines and caches."""

    if article.published_at is None:
        # A draft shows the time it would carry if published now.
        article.published_at = timezone.now()
    response = render_story(request, article)
    response.headers["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _refused(request, message, status):
    response = render(request, "articles/preview_invalid.html", {"message": message}, status=status)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def signed_preview(request, token):
    """/xem-truoc/<token>/: the story behind a valid link; an expired or altered link gets a clear page."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age())
    except signing.SignatureExpired:
        return _refused(request, _("This preview link has expired. Ask the newsroom for a new one."), 403)
    except signing.BadSignature:
        return _refused(request, _("This preview link is not valid. Check that it was copied whole."), 404)
    pk, _sep, generation = value.partition(":")
    article = Article.objects.for_page().filter(pk=int(pk) if pk.isdigit() else None).first()
    if article is None:
        return _refused(request, _("The story of this preview no longer exists."), 404)
    if (generation or "0") != str(article.preview_generation):  # links made before generations count as 0
        return _refused(request, _("This preview link was revoked by the newsroom. Ask for a new one."), 403)
    return render_preview(request, article)
