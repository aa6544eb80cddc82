"""The second login step and enrolment of an authenticator app, inside the admin's look."""

import segno
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import throttle, totp, twofactor
from accounts.forms import CodeForm
from accounts.models import RecoveryCode, TOTPDevice

ISSUER = "Toa soan"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _context(request, **extra):
    return {**admin.site.each_context(request), "next": _next(request), **extra}


def _refuse_code(request, form):
    """A wrong code counts like a wrong password; too many and the session ends with the account locked."""
    user = request.user
    lock = throttle.register_failure(request, user.get_username(), throttle.Outcome.BAD_CODE, user)
    if lock is not None:
        logout(request)
        messages.error(request, lock.message())
        return redirect("admin:login")
    form.add_error("code", _("This code is not valid. Check the time on your phone and try the newest code."))
    return None


def verify(request):
    """Second step after the password: a code from the app, or a recovery code."""
    if request.session.get(twofactor.SESSION_KEY) != twofactor.PENDING:
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:  # reset by an administrator meanwhile
        request.session[twofactor.SESSION_KEY] = twofactor.state_after_password(request.user)
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if device.verify(code):
            outcome = throttle.Outcome.CODE_OK
        elif len(code.replace("-", "").strip()) == 10 and RecoveryCode.objects.use(request.user, code):
            outcome = throttle.Outcome.RECOVERY_CODE
        else:
            outcome = None
        if outcome is not None:
            request.session.cycle_key()
            request.session[twofactor.SESSION_KEY] = twofactor.VERIFIED
            throttle.record(request, outcome, request.user.get_username(), request.user)
            if outcome == throttle.Outcome.RECOVERY_CODE:
                left = RecoveryCode.objects.filter(user=request.user, used_at__isnull=True).count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(count)d remain. Set up your authenticator app again soon.")
                    % {"count": left},
                )
            return redirect(_next(request))
        response = _refuse_code(request, form)
        if response is not None:
            return response
    return render(request, "accounts/verify.html", _context(request, form=form, title=_("Two-step verification")))


def enrol(request):
    """Link an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    state = request.session.get(twofactor.SESSION_KEY)
    if state == twofactor.PENDING:
        return redirect("accounts:verify")
    title = _("Two-step verification")
    if twofactor.has_device(request.user):
        return render(request, "accounts/enrol_done.html", _context(request, title=title, codes=None))
    device, _created = TOTPDevice.objects.get_or_create(user=request.user, defaults={"confirmed": False})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = device.confirm(form.cleaned_data["code"])
        if codes is not None:
            request.session[twofactor.SESSION_KEY] = twofactor.VERIFIED
            throttle.record(request, throttle.Outcome.CODE_OK, request.user.get_username(), request.user)
            return render(request, "accounts/enrol_done.html", _context(request, title=title, codes=codes))
        response = _refuse_code(request, form)
        if response is not None:
            return response
    uri = totp.provisioning_uri(device.secret, request.user.get_username(), ISSUER)
    context = _context(
        request,
        title=title,
        form=form,
        uri=uri,
        secret=" ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
        qr=segno.make(uri, error="m").svg_data_uri(scale=5),
        required=state == twofactor.ENROL,
    )
    return render(request, "accounts/enrol.html", context)
