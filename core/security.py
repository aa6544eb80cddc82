"""Security headers that depend on the page: the admin gets a policy its own inline styles can live with."""

from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Under the admin prefix, answer with SECURE_CSP_ADMIN instead of the public SECURE_CSP.

    Listed after ContentSecurityPolicyMiddleware so its response hook runs first; the CSP middleware then builds
    the header from the config set here. Scripts stay 'self'-only in both policies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.ADMIN_URL_PREFIX) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response
