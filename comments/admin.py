"""The moderators' side: the queue, one page per comment, banned words and the audit log."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments import privacy_admin
from comments.desk.queues import earlier_count
from comments.models import (
    BannedWord,
    Comment,
    ConcurrentModeration,
    InvalidTransition,
    ModerationLog,
    SenderRule,
    sources_of,
)
from core.adminsafe import ModelAdmin
from core.diff import render_word_diff
from tips.models import Tip

Status = Comment.Status


class StatusFilter(admin.SimpleListFilter):
    """Status, pending unless asked otherwise: the queue opens on the work still to do."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Status.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or Status.PENDING

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ALL:
            return queryset
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset.none()

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=500, required=False, widget=forms.TextInput(attrs={"size": 80})
    )


class ModerateForm(forms.Form):
    """Edit the text and act on one comment in a single step."""

    ACTIONS = {
        "approve": Status.APPROVED,
        "reject": Status.REJECTED,
        "spam": Status.SPAM,
        "hide": Status.HIDDEN,
    }

    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS])
    version = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(label=_("Published text"), required=False, max_length=10000, widget=forms.Textarea)
    edit_reason = forms.ChoiceField(
        label=_("Edit reason"), choices=[("", "---------"), *Comment.EditReason.choices], required=False
    )
    edit_note = forms.CharField(label=_("Edit note"), max_length=500, required=False)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)

    def __init__(self, *args, comment, **kwargs):
        self.comment = comment
        kwargs.setdefault("initial", {"body": comment.body, "version": comment.version})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("action") == "approve":
            body = (data.get("body") or "").strip()
            if not body:
                self.add_error("body", gettext("A published comment cannot be empty."))
            elif body != self.comment.body.strip() and not data.get("edit_reason"):
                self.add_error("edit_reason", gettext("Choose why you edited the reader's text."))
        return data

    @property
    def is_stale(self):
        return self.cleaned_data["version"] != self.comment.version

    def apply(self, moderator):
        """Call the model's step; the posted version makes a stale page fail instead of overwriting."""
        data = self.cleaned_data
        comment = self.comment
        comment.version = data["version"]
        action = data["action"]
        if action == "approve":
            body = data["body"].strip()
            if body == comment.body.strip():
                comment.approve(moderator)
            else:
                comment.approve(moderator, body=body, reason=data["edit_reason"], note=data["edit_note"])
        elif action == "reject":
            comment.reject(moderator, reason=data["reason"])
        elif action == "spam":
            comment.mark_spam(moderator)
        else:
            comment.hide(moderator, reason=data["reason"])
        return self.ACTIONS[action]


@admin.register(Comment)
class CommentAdmin(ModelAdmin):
    list_display = [
        "excerpt",
        "story",
        "in_reply_to",
        "author",
        "history",
        "banned_words",
        "readers_reports",
        "status",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = [
        StatusFilter,
        ("article__section", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "email", "body"]
    ordering = ["created_at", "id"]
    list_per_page = 50
    show_facets = admin.ShowFacets.NEVER
    actions = [
        "approve_selected",
        "reject_selected",
        "mark_spam_selected",
        "hide_selected",
        "feature_selected",
        "unfeature_selected",
        "make_tips",
    ]

    def get_queryset(self, request):
        # Story, parent and the author's history come with the rows: the page costs the same for 5 or 50.
        return (
            super()
            .get_queryset(request)
            .select_related("article", "parent")
            .defer("article__body", "article__search_text", "article__sapo")
            .annotate(
                approved_before=earlier_count(Status.APPROVED),
                rejected_before=earlier_count(Status.REJECTED),
            )
        )

    def get_list_display(self, request):
        # The default queue holds pending comments only: a status column would say the same on every row.
        if request.GET.get(StatusFilter.parameter_name, Status.PENDING) == Status.PENDING:
            return [column for column in self.list_display if column != "status"]
        return self.list_display

    def has_add_permission(self, request):
        return False  # comments come from readers only

    def has_moderate_permission(self, request, obj=None):
        return request.user.has_perm("comments.moderate_comment")

    # Columns of the queue

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(140)

    @admin.display(description=_("article"), ordering="article__headline")
    def story(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.article.get_absolute_url(), obj.article.headline
        )

    @admin.display(description=_("in reply to"))
    def in_reply_to(self, obj):
        if obj.parent is None:
            return ""
        return format_html("<q>{}</q> ({})", Truncator(obj.parent.body).chars(80), obj.parent.name)

    @admin.display(description=_("sender"), ordering="email")
    def author(self, obj):
        return format_html("<strong>{}</strong><br>{}<br><small>{}</small>", obj.name, obj.email, obj.ip_address or "—")

    @admin.display(description=_("banned word matched"), ordering="banned_match")
    def banned_words(self, obj):
        context = obj.banned_context()
        if context is None:
            return obj.banned_match
        return format_html("{}<mark>{}</mark>{}", *context)

    # Not "reports": that is the name of the comment's reports (a relation), which the admin would sort by instead.
    @admin.display(description=_("readers' reports"), ordering="report_count")
    def readers_reports(self, obj):
        if obj.hidden_by_reports:
            return format_html("<strong>{}</strong> ({})", obj.report_count, gettext("taken off the page"))
        return obj.report_count or ""

    @admin.display(description=_("author's history"))
    def history(self, obj):
        return gettext("%(approved)d approved, %(rejected)d rejected") % {
            "approved": obj.approved_before,
            "rejected": obj.rejected_before,
        }

    # Actions: each calls the queryset's step (one UPDATE and one insert of log rows)

    def _done(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        count = queryset.approve(request.user)
        self._done(
            request, ngettext("%(count)d comment approved.", "%(count)d comments approved.", count) % {"count": count}
        )

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        if request.POST.get("confirm") == "yes":
            form = RejectForm(request.POST)
            if form.is_valid():
                count = queryset.reject(request.user, reason=form.cleaned_data["reason"])
                self._done(
                    request,
                    ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count) % {"count": count},
                )
                return None
        else:
            form = RejectForm()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Reject comments"),
            "opts": self.opts,
            "comments": queryset.filter(status__in=sources_of(Status.REJECTED)),
            "selected_ids": list(queryset.values_list("pk", flat=True)),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/comments/comment/reject_selected.html", context)

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def mark_spam_selected(self, request, queryset):
        count = queryset.mark_spam(request.user)
        self._done(
            request,
            ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count)
            % {"count": count},
        )

    @admin.action(description=_("Hide selected published comments"), permissions=["moderate"])
    def hide_selected(self, request, queryset):
        count = queryset.hide(request.user)
        self._done(
            request, ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", count) % {"count": count}
        )

    @admin.action(description=_("Mark selected published comments as good comments"), permissions=["moderate"])
    def feature_selected(self, request, queryset):
        count = queryset.set_featured(request.user, featured=True)
        self._done(
            request,
            ngettext(
                "%(count)d comment marked as a good comment.", "%(count)d comments marked as good comments.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Remove selected comments from good comments"), permissions=["moderate"])
    def unfeature_selected(self, request, queryset):
        count = queryset.set_featured(request.user, featured=False)
        self._done(
            request,
            ngettext(
                "%(count)d comment removed from good comments.", "%(count)d comments removed from good comments.", count
            )
            % {"count": count},
        )

    def has_make_tip_permission(self, request):
        return request.user.has_perm("tips.add_tip")

    @admin.action(description=_("Send selected comments to the tip desk"), permissions=["make_tip"])
    def make_tips(self, request, queryset):
        """A comment that is really a tip for the newsroom becomes one (tips.Tip.from_comment); the comment stays."""
        tips = [Tip.from_comment(comment, request.user) for comment in queryset.select_related("article")]
        self._done(
            request,
            ngettext("%(count)d tip on the tip desk.", "%(count)d tips on the tip desk.", len(tips))
            % {"count": len(tips)},
        )

    # One comment: read it, edit it, act on it

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, comment):
            raise PermissionDenied
        can_moderate = self.has_moderate_permission(request)
        form = None
        if request.method == "POST":
            if not can_moderate:
                raise PermissionDenied
            form = ModerateForm(request.POST, comment=comment)
            if form.is_valid():
                if form.is_stale:
                    messages.error(
                        request,
                        gettext(
                            "Another moderator acted on this comment while you were reading it. "
                            "Nothing was changed: check its current state below."
                        ),
                    )
                    # Keep what this moderator typed, against the fresh version.
                    form = ModerateForm(
                        comment=comment,
                        initial={**form.cleaned_data, "version": comment.version},
                    )
                else:
                    try:
                        target = form.apply(request.user)
                    except ConcurrentModeration:
                        messages.error(request, gettext("Another moderator acted on this comment first."))
                        return HttpResponseRedirect(request.get_full_path())
                    except InvalidTransition:
                        messages.error(request, gettext("This action is not possible in the comment's current state."))
                        return HttpResponseRedirect(request.get_full_path())
                    messages.success(
                        request,
                        gettext("The comment is now: %(status)s.") % {"status": Status(target).label},
                    )
                    return HttpResponseRedirect(self._queue_url(request))
        if form is None:
            form = ModerateForm(comment=comment)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Moderate comment"),
            "subtitle": str(comment),
            "opts": self.opts,
            "original": comment,
            "comment": comment,
            "form": form,
            "can_moderate": can_moderate,
            "can": {name: comment.can_move_to(target) for name, target in ModerateForm.ACTIONS.items()},
            "history": self.history(comment),
            "banned_context": comment.banned_context(),
            "diff": render_word_diff(comment.original_body, comment.body) if comment.is_edited else "",
            "log_entries": comment.log_entries.select_related("actor"),
            "queue_url": self._queue_url(request),
            "has_view_permission": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/comments/comment/moderate.html", context)

    def get_urls(self):
        # The data-request pages (find, export, erase an address) come first: `<object_id>/` would catch them.
        return privacy_admin.urls(self) + super().get_urls()

    def _queue_url(self, request):
        url = reverse("admin:comments_comment_changelist", current_app=self.admin_site.name)
        filters = request.GET.get("_changelist_filters")
        return f"{url}?{filters}" if filters else url


class BannedWordForm(forms.ModelForm):
    """Before a new or changed entry is saved, say how many recent published comments it would have caught."""

    confirm = forms.BooleanField(
        label=_("Save anyway"),
        required=False,
        help_text=_("Tick to save an entry that would have caught published comments."),
    )

    class Meta:
        model = BannedWord
        fields = ["word", "action", "note"]

    def clean(self):
        data = super().clean()
        word = data.get("word")
        if not word or self.errors or data.get("confirm"):
            return data
        if self.instance.pk and BannedWord.objects.filter(pk=self.instance.pk, word=word).exists():
            return data  # the words did not change: nothing new to weigh
        caught, looked_at = BannedWord.would_have_caught(word)
        if caught:
            self.add_error(
                "confirm",
                ngettext(
                    "This entry would have held %(caught)d of the last %(total)d published comments. "
                    "Check the word and its marks, then tick “Save anyway” to keep it.",
                    "This entry would have held %(caught)d of the last %(total)d published comments. "
                    "Check the word and its marks, then tick “Save anyway” to keep it.",
                    caught,
                )
                % {"caught": caught, "total": looked_at},
            )
        return data


@admin.register(BannedWord)
class BannedWordAdmin(ModelAdmin):
    form = BannedWordForm
    list_display = ["word", "action", "note", "created_at"]
    list_filter = ["action"]
    search_fields = ["word", "note"]
    fields = ["word", "action", "note", "confirm"]


@admin.register(SenderRule)
class SenderRuleAdmin(ModelAdmin):
    """Bans of an e-mail or an address range, for a while or for ever, and trusted readers; lifted by deleting."""

    list_display = ["value", "kind", "action", "until", "note", "created_by", "created_at"]
    list_filter = ["action", "kind"]
    search_fields = ["value", "note"]
    fields = ["kind", "value", "action", "until", "note"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ModerationLog)
class ModerationLogAdmin(ModelAdmin):
    """The audit log: anyone allowed may read it, no one may write to it through the admin."""

    list_display = ["created_at", "comment_link", "actor", "from_status", "to_status", "reason"]
    list_display_links = None
    list_filter = ["to_status", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["actor", "comment"]
    search_fields = ["comment__body", "comment__email", "reason"]
    actions = None

    @admin.display(description=_("comment"))
    def comment_link(self, obj):
        url = reverse("admin:comments_comment_change", args=[obj.comment_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(obj.comment.body).chars(60))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied  # entries are read in the list; there is nothing to open or edit
