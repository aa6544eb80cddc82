"""Security headers that depend on the page: the admin gets a policy its own inline styles can live with."""

from django.conf import settings
from django.utils.csp import CSP, build_policy


class AdminContentSecurityPolicyMiddleware:
    """Under the admin prefix, answer with SECURE_CSP_ADMIN instead of the public SECURE_CSP.

    Listed after ContentSecurityPolicyMiddleware so its response hook runs first. Scripts stay 'self'-only in both
    policies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's CSP middleware leaves a header that is already set alone (its documented way for a view to
        # choose its own policy), so the admin's is written here, before that middleware sees the response.
        if request.path_info.startswith(settings.ADMIN_URL_PREFIX) and CSP.HEADER_ENFORCE not in response:
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.SECURE_CSP_ADMIN)
        return response
