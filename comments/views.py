"""What readers do with comments: post one, and follow its fate through a private link."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import Article
from articles.views import article_detail
from comments import own, spam, thread
from comments.forms import CommentForm, ReportForm, comments_open
from comments.models import Comment
from comments.privacy import erased_name
from core.client import client_ip
from core.origin import is_cross_site


def _wants_json(request):
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get(
        "accept", ""
    )


def _article_page(request, article, form, status):
    """The story page again, with the reader's form filled in and its errors: nothing typed is lost."""

    request.comment_form = form
    response = article_detail(request, slug=article.slug, pk=article.pk)
    response.status_code = status
    return response


def _refuse(request, article, form, status, message=None):
    if message:
        form.add_error(None, message)
    if _wants_json(request):
        errors = {field or "__all__": [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse(
            {
                "ok": False,
                "message": message or _("Please correct the errors below."),
                "errors": errors,
                "ts": spam.form_timestamp(article.pk),
            },
            status=status,
        )
    return _article_page(request, article, form, status)


def _closed(request, article, message):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message, "errors": {}}, status=403)
    return render(request, "comments/closed.html", {"article": article, "message": message}, status=403)


# No CSRF token: the story page with its form is cached and shared by every reader (core.pagecache), so it
# cannot carry a per-reader token. CSRF protects a logged-in session from a forged request; posting a comment
# needs no session and grants nothing, and whoever could forge the post could simply send it themselves. What
# guards this endpoint is the signed per-story form timestamp, the honeypot, the duplicate check and the per-address
# rate limit (comments.spam), and every comment waits for a moderator. A post another site makes its visitors send
# (their browser says so in Origin or Sec-Fetch-Site) is refused: it would spread a flood over their addresses.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    if request.method == "GET":
        # The address of a refused post, reloaded or bookmarked later: back to the story's form.
        return HttpResponseRedirect(f"{article.get_absolute_url()}#binh-luan-form")
    if is_cross_site(request):
        message = _(
            "Comments can only be sent from our own pages. Please open the story on our site and send your "
            "comment there."
        )
        return _closed(request, article, message)
    if not comments_open(article):
        return _closed(request, article, _("Comments are closed."))

    form = CommentForm(request.POST, article=article, ip=client_ip(request), user_agent=spam.user_agent(request))
    if not form.is_valid():
        return _refuse(request, article, form, 400)
    if spam.hit_rate_limit(form.ip):
        message = _("You have sent several comments in a short time. Please wait a few minutes and try again.")
        return _refuse(request, article, form, 429, message)

    comment = form.save()
    status_url = comment.get_status_url()
    message = _("Thank you. Your comment will appear after it has been edited.")
    if _wants_json(request):
        html = thread.render_comment(comment, is_own_pending=True)
        response = JsonResponse(
            {
                "ok": True,
                "message": message,
                "status_url": status_url,
                "status_link_text": _("Follow your comment"),
                "html": html,
                "parent": comment.parent_id,
                "ts": spam.form_timestamp(article.pk),
            },
            status=201,
        )
        return own.remember(request, response, comment.pk)
    messages.success(
        request,
        format_html('{} <a href="{}">{}</a>', message, status_url, _("Follow your comment")),
    )
    response = HttpResponseRedirect(f"{article.get_absolute_url()}#binh-luan-thong-bao")
    response.status_code = 303  # See Other: the reload after posting is a GET, never a second POST
    return own.remember(request, response, comment.pk)


@require_GET
def comment_page(request, article_id, number):
    """One more page of a story's comments: the fragment "Xem thêm bình luận" adds in place (a page cache entry)."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    shown = thread.listing(request, article, number, is_open=comments_open(article))
    if shown.page.number != number:
        raise Http404
    context = {"article": article, "article_url": article.get_absolute_url(), "thread": shown.html, "page": shown.page}
    response = render(request, "comments/page.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


# A page of its own for each comment's report form, linked from the story: the story page is cached and shared, so
# it cannot carry a CSRF token; this one does (CSRF stays on), and it works without JavaScript.
@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    """ "Báo vi phạm": a reader, no account needed, reports a published comment (once per address)."""
    comment = get_object_or_404(
        Comment.objects.visible().filter(article__in=Article.objects.published()).select_related("article"), pk=pk
    )
    story_url = comment.article.get_absolute_url()
    status = 200
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        if spam.hit_rate_limit(ip, rate=settings.COMMENTS_REPORT_RATE_LIMIT, scope="comments:report"):
            form.add_error(None, _("You have sent several reports in a short time. Please wait and try again later."))
            status = 429
        else:
            if comment.report(ip, form.cleaned_data["reason"], form.cleaned_data["note"]):
                messages.success(request, _("Thank you. A moderator will read the comment you reported."))
            else:
                messages.info(request, _("You have already reported this comment. A moderator will read it."))
            response = HttpResponseRedirect(f"{story_url}#binh-luan-thong-bao")
            response.status_code = 303
            return response
    elif request.method == "POST":
        status = 400
    response = render(
        request, "comments/report.html", {"comment": comment, "form": form, "story_url": story_url}, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def comment_status(request, token):
    comment = get_object_or_404(Comment.objects.select_related("article"), token=token)
    response = render(request, "comments/status.html", {"comment": comment})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def privacy_policy(request):
    """/chinh-sach-rieng-tu/: what the paper keeps about commenters, why, how long, and how to ask for it."""
    return render(
        request,
        "pages/privacy.html",
        {
            "ip_days": settings.COMMENTS_IP_RETENTION_DAYS,
            "rejected_days": settings.COMMENTS_REJECTED_RETENTION_DAYS,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "remove_published": settings.COMMENTS_ERASE_PUBLISHED_TEXT,
            "reader_name": erased_name(),
        },
    )
