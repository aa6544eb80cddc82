"""The second login step and enrolment of an authenticator app, inside the admin's look."""

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import staffsessions, throttle, totp, twofactor
from accounts.forms import CodeForm
from accounts.models import Lockout, RecoveryCode, StaffSession, TOTPDevice
from core.client import client_ip

ISSUER = "Toa soan"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _context(request, **extra):
    return {**admin.site.each_context(request), "next": _next(request), **extra}


def _refused(request, form, lock):
    """A lock ends the session (the login page says until when); a slowdown only asks to wait."""
    if isinstance(lock, Lockout):
        logout(request)
        messages.error(request, lock.message())
        return redirect("admin:login")
    form.add_error("code", lock.message())
    return None


def _refuse_code(request, form):
    """A wrong code counts like a wrong password; too many and the session ends with the account blocked."""
    user = request.user
    lock = throttle.register_failure(request, user.get_username(), throttle.Outcome.BAD_CODE, user)
    if isinstance(lock, Lockout):
        return _refused(request, form, lock)
    form.add_error("code", _("This code is not valid. Check the time on your phone and try the newest code."))
    return None


def _check_code(request, form):
    """The outcome of the code typed, or None; a blocked or slowed address gets no answer about its code."""
    lock = throttle.refusal(request.user.get_username(), client_ip(request))
    if lock is not None:
        return None, _refused(request, form, lock)
    outcome = twofactor.check_code(request.user, form.cleaned_data["code"])
    return outcome, (None if outcome is not None else _refuse_code(request, form))


def verify(request):
    """Second step after the password: a code from the app, or a recovery code."""
    if request.session.get(twofactor.SESSION_KEY) != twofactor.PENDING:
        return redirect(_next(request))
    if not twofactor.has_device(request.user):  # reset by an administrator meanwhile
        request.session[twofactor.SESSION_KEY] = twofactor.state_after_password(request.user)
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome, response = _check_code(request, form)
        if response is not None:
            return response
        if outcome is not None:
            old_key = request.session.session_key
            request.session.cycle_key()
            staffsessions.rekey(old_key, request.session.session_key)
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


@require_http_methods(["GET", "POST"])
def sessions(request):
    """The person's own sessions: where and on what they are logged in; end one, or log out everywhere."""
    own = StaffSession.objects.live().filter(user=request.user)
    current = request.session.session_key
    if request.method == "POST":
        if "everywhere" in request.POST:
            staffsessions.end(own.exclude(session_key=current))
            logout(request)
            messages.success(request, _("You have been logged out everywhere."))
            return redirect("admin:login")
        pk = request.POST.get("end", "")
        session = own.exclude(session_key=current).filter(pk=pk).first() if pk.isdigit() else None
        if session is None:  # not theirs, already ended, or this very session
            raise Http404
        ended = staffsessions.end([session])
        messages.success(
            request, ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended) % {"count": ended}
        )
        return redirect("accounts:sessions")
    return render(
        request,
        "accounts/sessions.html",
        _context(
            request,
            title=_("Your sessions"),
            sessions=own,
            current=current,
            session_hours=settings.STAFF_SESSION_HOURS,
        ),
    )
