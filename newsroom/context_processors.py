from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """Values every public template needs: the paper's name and address, and the header's sections."""

    def nav_sections():
        # Imported here: context processors load before the apps' models are ready.
        from articles.selectors import section_tree

        return section_tree(request).top_level

    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": getattr(settings, "SITE_NAME", "Báo Hà Tĩnh"),
        # Lazy: only a page that draws the header pays its one query, shared with the view's own use.
        "nav_sections": SimpleLazyObject(nav_sections),
    }
