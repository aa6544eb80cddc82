from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from accounts import staffsessions, twofactor


class TwoFactorMiddleware:
    """A staff session that owes its second step (or its enrolment) reaches nothing but those pages and logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No session cookie, no login: readers' requests never touch the session (and get no Vary: Cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated and request.user.is_staff:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def _redirect(self, request):
        state = request.session.get(twofactor.SESSION_KEY)
        if state is None:  # a session opened before this check existed
            state = request.session[twofactor.SESSION_KEY] = twofactor.state_after_password(request.user)
        if state not in (twofactor.PENDING, twofactor.ENROL):
            return None
        allowed = (reverse("accounts:verify"), reverse("accounts:enrol"), reverse("admin:logout"))
        if request.path_info in allowed:
            return None
        target = reverse("accounts:verify" if state == twofactor.PENDING else "accounts:enrol")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class StaffSessionMiddleware:
    """Notes when and from where each staff session was last used, for the person's list of their sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated and request.user.is_staff:
            staffsessions.touch(request)
        return self.get_response(request)
