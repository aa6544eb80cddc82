"""The desk's pages: thin views over comments.desk.queues and the Comment's own moderation steps."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from comments.desk import queues
from comments.desk.forms import DeskForm
from comments.desk.queues import Queue
from comments.models import Comment, ConcurrentModeration, InvalidTransition, ParentNotPublished
from tips.models import Tip

MODERATE = "comments.moderate_comment"
MAKE_TIP = "tips.add_tip"
FILTERS = ("queue", "section", "article", "email", "network")


def _filters(request):
    """The desk's filters from the query string; ids that are not numbers are ignored, never a 500."""
    data = request.GET if request.method == "GET" else request.POST
    found = {}
    for name in FILTERS:
        value = (data.get(name) or "").strip()[:254]
        if name in ("section", "article") and not value.isdigit():
            continue
        if value:
            found[name] = value
    return found


def _desk_url(filters, anchor=""):
    query = urlencode(filters)
    return reverse("comments_desk:desk") + (f"?{query}" if query else "") + anchor


MAX_CARDS = 200  # the cards a desk page may ask about at once (it shows queues.CARDS_PER_PAGE, more arrive)


def handled_note(comment):
    """Why a card did not change: who handled it and when ("Đã được X duyệt lúc …"), or the reply's hidden parent."""
    pending = comment.status == Comment.Status.PENDING
    if pending and comment.parent_id and comment.parent.status != Comment.Status.APPROVED:
        return _("It answers a comment readers do not see: publish that comment first, or reject this one.")
    return _("%(who)s already made it “%(status)s” at %(time)s.") % {
        "who": comment.moderated_by.get_username() if comment.moderated_by else _("the system"),
        "status": comment.get_status_display(),
        "time": date_format(timezone.localtime(comment.moderated_at), "H:i d/m") if comment.moderated_at else "—",
    }


@staff_member_required
@permission_required(MODERATE, raise_exception=True)
@require_GET
def desk(request):
    """The desk: queues with counts, cards oldest first, the desk head's figures, the keyboard's keys."""
    filters = _filters(request)
    rows = queues.filtered(**filters)
    context = {
        **admin_site.each_context(request),
        "title": _("Moderation desk"),
        "filters": filters,
        "queue": filters.get("queue", Queue.PENDING),
        "queues": [(name, label, count) for (name, (label, _c)), count in _with_counts()],
        "cards": queues.cards(rows, queue=filters.get("queue", Queue.PENDING)),
        "total": rows.count(),
        "sections": queues.pending_by_section(),
        "stories": queues.pending_by_story(),
        "figures": queues.figures(),
        "reject_reasons": queues.REJECT_REASONS,
        "edit_reasons": Comment.EditReason.choices,
        "undo_seconds": settings.DESK_UNDO_SECONDS,
        "latest_id": Comment.objects.aggregate(latest=Max("pk"))["latest"] or 0,
        "can_make_tip": request.user.has_perm(MAKE_TIP),
    }
    return render(request, "comments/desk/desk.html", context)


def _with_counts():
    counts = queues.queue_counts()
    return [((name, spec), counts[name]) for name, spec in Queue.CHOICES.items() if name in counts]


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


# The steps that leave a comment published say what they did rather than "Đã đăng".
DONE_MESSAGES = {
    "keep": gettext_lazy("Comment from %(name)s: kept published, its reports cleared."),
    "feature": gettext_lazy("Comment from %(name)s: marked as a good comment."),
    "unfeature": gettext_lazy("Comment from %(name)s: no longer a good comment."),
}


@staff_member_required
@permission_required(MODERATE, raise_exception=True)
@require_POST
def act(request, pk):
    """One decision on one card. A card someone else handled meanwhile changes nothing and says who did what."""
    comment = get_object_or_404(Comment.objects.select_related("moderated_by"), pk=pk)
    form = DeskForm(request.POST, comment=comment)
    filters = _filters(request)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
        return HttpResponseRedirect(_desk_url(filters, f"#comment-{comment.pk}"))
    try:
        if form.is_stale:
            raise ConcurrentModeration
        target = form.apply(request.user)
    except ParentNotPublished:
        message = handled_note(comment)
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
        return HttpResponseRedirect(_desk_url(filters, f"#comment-{comment.pk}"))
    except (ConcurrentModeration, InvalidTransition):
        comment.refresh_from_db()
        message = handled_note(comment)
        if _wants_json(request):
            return JsonResponse({"ok": False, "stale": True, "message": message}, status=409)
        messages.warning(request, message)
        return HttpResponseRedirect(_desk_url(filters))
    done = DONE_MESSAGES.get(form.cleaned_data["action"]) or _("Comment from %(name)s: %(status)s.")
    message = done % {"name": comment.name, "status": Comment.Status(target).label}
    if _wants_json(request):
        return JsonResponse({"ok": True, "status": target, "message": message})
    messages.success(request, message)
    return HttpResponseRedirect(_desk_url(filters))


@staff_member_required
@permission_required(MODERATE, raise_exception=True)
@permission_required(MAKE_TIP, raise_exception=True)
@require_POST
def make_tip(request, pk):
    """A comment that is really a tip goes to the tip desk in one step (Tip.from_comment); the comment stays."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    existed = Tip.objects.filter(from_comment_id=comment.pk).exists()
    tip = Tip.from_comment(comment, request.user)
    note = render_to_string(
        "comments/desk/_tip_made.html",
        {"tip": tip, "comment": comment, "existed": existed, "can_view": request.user.has_perm("tips.view_tip")},
    )
    messages.success(request, mark_safe(note.strip()))  # rendered by a template, which escaped what readers wrote
    return HttpResponseRedirect(_desk_url(_filters(request), f"#comment-{comment.pk}"))


BULK_STEPS = {
    "approve": ("approve", Comment.Status.APPROVED),
    "reject": ("reject", Comment.Status.REJECTED),
    "spam": ("mark_spam", Comment.Status.SPAM),
}


@staff_member_required
@permission_required(MODERATE, raise_exception=True)
@require_POST
def bulk(request):
    """One step for the comments shown under the current filter; every one it did not change is named, with why."""
    filters = _filters(request)
    step = request.POST.get("action")
    raw_ids = request.POST.getlist("ids")
    if step not in BULK_STEPS or not all(value.isdigit() for value in raw_ids):
        return HttpResponseBadRequest(_("This request is not valid."))
    ids = [int(value) for value in raw_ids][: queues.CARDS_PER_PAGE]
    method, target = BULK_STEPS[step]
    versions = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "version"))
    reason = str(queues.REJECT_REASONS.get(request.POST.get("reject_reason"), "")) if step == "reject" else None
    changed = getattr(queues.filtered(**filters).filter(pk__in=ids), method)(
        request.user, **({"reason": reason} if reason is not None else {})
    )
    messages.success(
        request, ngettext("%(count)d comment changed.", "%(count)d comments changed.", changed) % {"count": changed}
    )
    # Name every shown comment this step did not move (another moderator got there first, or it left the queue).
    shown = Comment.objects.filter(pk__in=versions).select_related("moderated_by", "parent").order_by("created_at")
    for comment in shown:
        mine = (
            comment.status == target
            and comment.moderated_by_id == request.user.pk
            and comment.version == versions[comment.pk] + 1
        )
        if not mine:
            messages.warning(
                request, _("Not changed: %(name)s — %(why)s") % {"name": comment.name, "why": handled_note(comment)}
            )
    return HttpResponseRedirect(_desk_url(filters))


@staff_member_required
@permission_required(MODERATE, raise_exception=True)
@require_GET
def pending_count(request):
    """The pending badge on every admin page and the desk's "new comments" check: a few numbers as JSON.

    The desk also sends the cards it shows open (`card=<id>-<version>`): those another moderator handled meanwhile
    come back with who did what, so the card says so before anyone acts on it."""
    pending = Comment.objects.pending()
    shown = {}
    for value in request.GET.getlist("card")[:MAX_CARDS]:
        pk, _dash, version = value.partition("-")
        if pk.isdigit() and version.isdigit() and len(pk) < 12 and len(version) < 12:
            shown[int(pk)] = int(version)
    changed = {}
    if shown:
        for comment in Comment.objects.filter(pk__in=shown).select_related("moderated_by", "parent"):
            if comment.version != shown[comment.pk]:
                changed[comment.pk] = handled_note(comment)
    return JsonResponse(
        {
            "pending": pending.count(),
            "latest_id": pending.aggregate(latest=Max("pk"))["latest"] or 0,
            "changed": changed,
        }
    )


@staff_member_required
@permission_required(MODERATE, raise_exception=True)
@require_GET
def decision_log(request):
    """Every decision, newest first, for one moderator or all: who moved which comment where, and why."""
    raw = (request.GET.get("moderator") or "").strip()
    moderator = int(raw) if raw.isdigit() and len(raw) < 10 else None
    page = Paginator(queues.decisions(moderator), queues.LOG_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin_site.each_context(request),
        "title": _("All decisions"),
        "page": page,
        "moderator": moderator,
        "moderators": queues.moderators_with_decisions(),
    }
    return render(request, "comments/desk/log.html", context)
