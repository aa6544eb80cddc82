""" "Việc của tôi" and the presence heartbeat: thin views over Article's querysets and inbox.presence."""

from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import workflow
from articles.models import Article
from articles.workflow_admin import mine
from comments.models import Comment
from inbox import presence
from inbox.forms import PreferenceForm
from inbox.models import NotificationPreference

# A long queue is counted whole and listed up to here; the story list has the rest.
LISTED = 50


@staff_member_required
def my_work(request):
    """My stories sent back (with the remark) first, stories waiting for my step, comments waiting if I moderate,
    my scheduled stories; and which e-mails I get."""
    user = request.user
    form = PreferenceForm(request.POST or None, instance=NotificationPreference.of(user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail choices are saved."))
        return HttpResponseRedirect(reverse("inbox:my_work"))
    awaiting = Article.objects.awaiting(user).for_listing("updated_at").order_by("updated_at", "id")
    scheduled = (
        Article.objects.filter(mine(user), status=workflow.PUBLISHED, published_at__gt=timezone.now())
        .for_listing()
        .order_by("published_at", "id")
    )
    context = {
        **admin_site.each_context(request),
        "title": _("My work"),
        "sent_back": Article.objects.sent_back_to(user).for_listing()[:LISTED],
        "awaiting": awaiting[:LISTED],
        "awaiting_count": awaiting.count(),
        "pending_comments": Comment.objects.pending().count() if user.has_perm("comments.moderate_comment") else None,
        "scheduled": scheduled[:LISTED],
        "form": form,
        "listed": LISTED,
    }
    return render(request, "inbox/my_work.html", context)


@staff_member_required
@require_POST
def heartbeat(request, article_id):
    """A change page's "still here" (or "leaving"): answers with the note about the others, as the page shows it."""
    article = get_object_or_404(Article.objects.only("pk", "status", "created_by"), pk=article_id)
    if not workflow.may_view(request.user, article):
        raise PermissionDenied
    if request.POST.get("leave"):
        presence.leave(article.pk, request.user)
        return JsonResponse({"html": ""})
    presence.touch(article.pk, request.user)
    html = render_to_string("inbox/_presence.html", {"editors": presence.others(article.pk, request.user)})
    return JsonResponse({"html": html})
