"""Staff answer a reader's data request in the admin: find, export (JSON) and erase what is held for an address.

Every view needs the `comments.handle_personal_data` permission (superusers have it; grant it to the people
who handle such requests). Wired into CommentAdmin.get_urls() under /quan-tri/comments/comment/du-lieu-ca-nhan/.
The address only ever travels in POSTed, CSRF-protected forms, never in a URL: URLs stay in proxy logs and
browser history after the erasure.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from comments import privacy
from comments.models import DataRequestLog
from core.adminsafe import ModelAdmin
from tips import privacy as tip_privacy


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=_("Reader's e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"size": 40, "autocomplete": "off"}),
    )

    def clean_email(self):
        return privacy.normalize_email(self.cleaned_data["email"])


def _require_permission(request):
    if not request.user.has_perm(privacy.PERMISSION):
        raise PermissionDenied


def _find_url():
    return reverse("admin:comments_comment_privacy")


def urls(model_admin):
    """The three pages, to put before the ModelAdmin's own URLs (its `<object_id>/` would catch them)."""
    site = model_admin.admin_site

    def context(request, **extra):
        return {
            **site.each_context(request),
            "opts": model_admin.model._meta,
            "remove_published": settings.COMMENTS_ERASE_PUBLISHED_TEXT,
            **extra,
        }

    @require_http_methods(["GET", "POST"])
    def find_view(request):
        _require_permission(request)
        form = AddressForm(request.POST if request.method == "POST" else None)
        comments = handled = tip_count = None
        if form.is_valid():
            email = form.cleaned_data["email"]
            comments = list(privacy.find(email))
            tip_count = tip_privacy.find(email).count()
            handled = DataRequestLog.objects.filter(email_hash=privacy.email_hash(email)).select_related("actor")[:20]
        return TemplateResponse(
            request,
            "admin/comments/privacy/find.html",
            context(
                request,
                title=gettext("Personal data of a commenter"),
                form=form,
                comments=comments,
                handled=handled,
                tip_count=tip_count,
            ),
        )

    @require_POST
    def export_view(request):
        _require_permission(request)
        form = AddressForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Enter a valid e-mail address."))
            return HttpResponseRedirect(_find_url())
        email = form.cleaned_data["email"]
        data = privacy.export(email, request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        # The file name carries a hash prefix, not the address: downloads folders and logs keep no e-mail.
        filename = f"du-lieu-binh-luan-{timezone.localdate():%Y%m%d}-{privacy.email_hash(email)[:8]}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @require_POST
    def erase_view(request):
        _require_permission(request)
        form = AddressForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Enter a valid e-mail address."))
            return HttpResponseRedirect(_find_url())
        email = form.cleaned_data["email"]
        if request.POST.get("confirm") == "yes":
            plan = privacy.erase(email, request.user)
            messages.success(
                request,
                gettext("Erased: %(anonymised)s comment(s) anonymised, %(deleted)s deleted.")
                % {"anonymised": plan.anonymised, "deleted": plan.deleted},
            )
            return HttpResponseRedirect(_find_url())
        plan = privacy.plan_erasure(email)
        return TemplateResponse(
            request,
            "admin/comments/privacy/erase_confirm.html",
            context(
                request,
                title=gettext("Erase a commenter's personal data"),
                email=email,
                plan=plan,
                reader_name=privacy.erased_name(),
                comments=list(privacy.find(email)),
                tip_count=tip_privacy.find(email).count(),
            ),
        )

    return [
        path("du-lieu-ca-nhan/", site.admin_view(find_view), name="comments_comment_privacy"),
        path("du-lieu-ca-nhan/xuat/", site.admin_view(export_view), name="comments_comment_privacy_export"),
        path("du-lieu-ca-nhan/xoa/", site.admin_view(erase_view), name="comments_comment_privacy_erase"),
    ]


@admin.register(DataRequestLog)
class DataRequestLogAdmin(ModelAdmin):
    """The log of handled requests: readable by those who handle them, written only by comments.privacy."""

    list_display = ["created_at", "action", "actor", "short_hash", "comment_count", "anonymised_count", "deleted_count"]
    list_display_links = None
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["email_hash"]
    change_list_template = "admin/comments/privacy/log_change_list.html"
    actions = None

    @admin.display(description=_("e-mail address hash"))
    def short_hash(self, obj):
        return obj.email_hash[:16]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(privacy.PERMISSION) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied  # entries are read in the list
