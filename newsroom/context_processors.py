from django.conf import settings


def site(request):
    """Values every public template needs: the site's absolute address."""
    return {"SITE_URL": settings.SITE_URL}
