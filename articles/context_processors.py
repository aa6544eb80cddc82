from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.cached import section_tree


def site(request):
    """Values every public template needs: the paper's name and address, and the header's sections."""

    def nav_sections():
        return section_tree(request).top_level

    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.SITE_NAME,
        # Lazy: only a page that draws the header pays its one query, shared with the view's own use.
        "nav_sections": SimpleLazyObject(nav_sections),
    }
