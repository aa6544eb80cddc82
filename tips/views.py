"""The public tip form: GET shows it, POST files the tip or shows the form again with what was typed and why."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core import formguard
from core.client import client_ip
from tips.forms import TipForm, form_token


def _page(request, form, status=200):
    return render(request, "tips/send.html", {"form": form, "form_ts": form_token()}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def send_tip(request):
    if request.method != "POST":
        return _page(request, TipForm())
    ip = client_ip(request)
    form = TipForm(request.POST, request.FILES, ip=ip, user_agent=request.META.get("HTTP_USER_AGENT", "")[:500])
    if not form.is_valid():
        return _page(request, form, 400)
    if formguard.hit_rate_limit("tips", ip, settings.TIPS_RATE_LIMIT):
        form.add_error(
            None, _("You have sent several tips in a short time. Please wait a little and try again, or call us.")
        )
        return _page(request, form, 429)
    form.save()
    return redirect("tips:thanks")


@never_cache
@require_safe
def thanks(request):
    return render(request, "tips/thanks.html")
