"""The workflow in the story admin: role boundaries, transition buttons, revisions, previews and the review queue.

Kept apart from articles/admin.py so ArticleAdmin stays about the story's fields; ArticleAdmin mixes this in.
"""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import chains, preview, revisions, workflow
from articles.models import Article, ArticleAuthor, ArticleRevision, ArticleTransition


def mine(user):
    """Stories the user created or signs."""
    signed = ArticleAuthor.objects.filter(author__user=user).values("article_id")
    return models.Q(created_by=user) | models.Q(pk__in=signed)


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        self.root_queryset = self.model_admin.visible(request, self.root_queryset)
        return super().get_queryset(request, exclude_parameters)

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        # Stories awaiting review come first unless the editor sorts by a column.
        return ordering if self.params.get(ORDER_VAR) else ["in_review_first", *ordering]


# The name of the form's workflow buttons: the one state control of the story form.
WORKFLOW_BUTTON = "_workflow"

# What readers see of a published story: read-only for anyone who may not act at its chain's last step.
PUBLISHED_CONTENT = [
    "kicker",
    "headline",
    "slug",
    "sapo",
    "body",
    "cover",
    "cover_caption",
    "cover_credit",
    "cover_alt",
    "section",
    "localities",
    "tags",
    "correction",
]


def _never(*args, **kwargs):
    return False


def local(value):
    return date_format(timezone.localtime(value), "H:i d/m/Y") if value else "—"


class WorkflowAdminMixin:
    change_form_template = "admin/articles/article/change_form.html"

    # Permissions: the group gives the verbs, the story decides whose it is.

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return workflow.is_desk_editor(request.user) or workflow.owns(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return workflow.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return workflow.is_desk_editor(request.user)

    # The list: state, who handled it last, the review queue first.

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def visible(self, request, queryset):
        """Reporters see their own stories only, editors the whole desk: in the list and in every autocomplete
        (related stories), which both narrow `queryset` here."""
        if workflow.is_desk_editor(request.user):
            return queryset
        return queryset.filter(mine(request.user))

    def get_queryset(self, request):
        last_actor = ArticleTransition.objects.filter(article=models.OuterRef("pk")).order_by("-at", "-id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                in_review_first=models.Case(
                    models.When(status=workflow.REVIEW, then=models.Value(0)),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                ),
                holder=models.functions.Coalesce(
                    models.Subquery(last_actor.values("actor__username")[:1]), models.F("created_by__username")
                ),
            )
        )

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return workflow.state_label(obj)

    @admin.display(description=_("last handled by"), ordering="holder")
    def held_by(self, obj):
        return getattr(obj, "holder", None) or "—"

    # The form: status changes are workflow steps, applied after the content is saved.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(workflow.PUBLISH):
            fields += ["published_at", "correction"]
        if self.published_locked(request, obj):
            fields += [name for name in PUBLISHED_CONTENT if name not in fields]
        return fields

    def published_locked(self, request, obj):
        """A published (or scheduled) story's text is changed only by who may act at its chain's last step, so a
        public page never shows a version nobody approved; anyone else sees it read-only."""
        return obj is not None and obj.status == workflow.PUBLISHED and not chains.may_edit_published(request.user, obj)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.published_locked(request, obj) else super().get_prepopulated_fields(request, obj)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self.published_locked(request, obj):
            # Bylines and photos are part of the published page too: read-only, like the fields above.
            for inline in inlines:
                inline.has_add_permission = inline.has_change_permission = inline.has_delete_permission = _never
        return inlines

    def save_model(self, request, obj, form, change):
        # Only the workflow moves a story: the status and time chosen in the form are applied in save_related.
        obj.status, obj.published_at = form.source_status, form.source_published_at
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        revisions.record(article, request.user)
        # The form's one state control: the workflow button pressed ("_workflow"), applied after the content is saved.
        action = request.POST.get(WORKFLOW_BUTTON, "")
        at = form.cleaned_data.get("published_at")
        if not action and article.status == workflow.PUBLISHED and at and at != form.source_published_at:
            action = "reschedule"
        if not action:
            return
        try:
            self.run_action(request, article, action, remark=form.cleaned_data.get("remark", ""), at=at)
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, gettext("The story is now: %(state)s.") % {"state": workflow.state_label(article)}
            )

    def run_action(self, request, article, action, *, remark="", at=None):
        """One workflow step by name, through the model's method for it (the buttons and the workflow URL)."""
        user = request.user
        if action not in workflow.ACTIONS and action != "reschedule":
            raise workflow.InvalidTransition(gettext("Unknown state."))
        if action == "submit":
            article.submit(user)
        elif action == "send_back":
            article.send_back(user, remark)
        elif action == "publish":
            article.publish(user, remark=remark)
        elif action == "schedule":
            article.publish(user, at=self._schedule_time(request), remark=remark)
        elif action == "reschedule":
            article.publish(user, at=at, remark=remark)
        elif action == "unpublish":
            article.unpublish(user, remark=remark)
        elif action == "reopen":
            article.reopen(user)
        elif action == "approve":
            article.approve(user, remark)
        elif action == "take_over":
            article.take_over(user)
        else:
            article.withdraw(user)

    # The change page: buttons, log, preview link.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra = {}
        if article is not None and self.has_view_permission(request, article):
            steps, waiting = chains.progress(article)
            extra = {
                "workflow_state": workflow.state_label(article),
                "workflow_actions": chains.actions(article, request.user),
                "chain_steps": steps,
                "chain_waiting": waiting if article.status == workflow.REVIEW else None,
                "sent_back": chains.last_send_back(article) if article.status == workflow.DRAFT else None,
                "published_locked": self.published_locked(request, article),
                "approvals": article.approvals.select_related("actor", "revision"),
                "transitions": article.transitions.select_related("actor"),
                "history": chains.history(article),
                "preview_link": request.build_absolute_uri(preview.link(article)),
                "preview_hours": preview.max_age() // 3600,
                "can_revoke_previews": self.has_change_permission(request, article),
                "now_local": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def add_view(self, request, form_url="", extra_context=None):
        # A new story offers the steps its author may make right after the first save ("Gửi duyệt"); publishing and
        # scheduling only where the author alone passes the chain (in the section asked for, else in every chain).
        found = workflow.available_actions(Article(created_by=request.user), request.user)
        raw = request.GET.get("section", "")
        if not chains.may_publish_new(request.user, int(raw) if raw.isdigit() and len(raw) < 12 else None):
            found = [(name, label) for name, label in found if name not in ("publish", "schedule")]
        extra = {"workflow_actions": found}
        extra["now_local"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        return super().add_view(request, form_url, {**extra, **(extra_context or {})})

    def response_add(self, request, obj, post_url_continue=None):
        if WORKFLOW_BUTTON in request.POST:
            return HttpResponseRedirect(self._change_url(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        # After a workflow button the story's page shows where it now is.
        if WORKFLOW_BUTTON in request.POST:
            return HttpResponseRedirect(self._change_url(obj))
        return super().response_change(request, obj)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/workflow/<str:action>/", wrap(self.workflow_view), name=f"{prefix}_workflow"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/preview/revoke/", wrap(self.revoke_previews_view), name=f"{prefix}_preview_revoke"),
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=f"{prefix}_revisions"),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def _story(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk], current_app=self.admin_site.name)

    def workflow_view(self, request, object_id, action):
        """POST one step (submit, send_back, publish, schedule, unpublish, reopen, approve, take_over, withdraw)
        without saving the form; a role refusal is a 403."""
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(self._story(request, object_id)))
        article = self._story(request, object_id)
        if action not in workflow.ACTIONS:
            raise Http404
        try:
            self.run_action(request, article, action, remark=request.POST.get("remark", ""))
        except workflow.NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, gettext("The story is now: %(state)s.") % {"state": workflow.state_label(article)}
            )
        return HttpResponseRedirect(self._change_url(article))

    def _schedule_time(self, request):
        raw = request.POST.get("publish_at", "")
        try:
            value = parse_datetime(raw) if len(raw) <= 32 else None
        except ValueError:  # well formed but not a time: "9999-99-99T99:99"
            value = None
        if value is None:
            raise workflow.InvalidTransition(gettext("Choose the date and time of publication."))
        workflow.check_publication_time(value)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        if value <= timezone.now() + datetime.timedelta(seconds=30):
            raise workflow.InvalidTransition(gettext("A scheduled time must be in the future."))
        return value

    def preview_view(self, request, object_id):
        article = self._story(request, object_id)
        return preview.render_preview(request, Article.objects.for_page().get(pk=article.pk))

    def revoke_previews_view(self, request, object_id):
        """POST: every preview link given out for the story stops working; a new one is shown."""
        article = self._story(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(article))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        article.revoke_previews()
        messages.success(request, gettext("Every preview link of this story given out so far no longer works."))
        return HttpResponseRedirect(self._change_url(article))

    def revisions_view(self, request, object_id):
        """The story's revisions with who and when, and the word difference between any two (?a=&b=)."""
        article = self._story(request, object_id)
        all_revisions = list(article.revisions.select_related("author", "restored_from"))
        by_id = {revision.pk: revision for revision in all_revisions}
        older, newer = self._pair(request, by_id, all_revisions)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revisions of “%(headline)s”") % {"headline": article.headline},
            "opts": self.opts,
            "original": article,
            "revisions": all_revisions,
            "older": older,
            "newer": newer,
            "changes": revisions.compare(older, newer) if older and newer else [],
            "can_restore": self.has_change_permission(request, article) and not self.published_locked(request, article),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def _pair(self, request, by_id, ordered):
        def pick(name):
            raw = request.GET.get(name, "")
            return by_id.get(int(raw)) if raw.isdigit() and len(raw) < 12 else None

        older, newer = pick("a"), pick("b")
        if older is None and newer is None and len(ordered) >= 2:
            newer, older = ordered[0], ordered[1]
        if older and newer and (older.created_at, older.pk) > (newer.created_at, newer.pk):
            older, newer = newer, older
        return older, newer

    def restore_view(self, request, object_id, revision_id):
        """Restore an old revision's content as a new revision (POST only)."""
        article = self._story(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        if not self.has_change_permission(request, article) or self.published_locked(request, article):
            raise PermissionDenied
        revision = get_object_or_404(ArticleRevision, pk=revision_id, article=article)
        try:
            revisions.restore(revision, request.user)
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self._change_url(article))
        messages.success(
            request,
            gettext("The version saved at %(time)s was restored as a new revision.")
            % {"time": local(revision.created_at)},
        )
        return HttpResponseRedirect(self._change_url(article))
