"""sitemap.xml: stories, sections, localities and tags, always fed by `Article.objects.published()`.

Locations use SITE_URL's scheme and host, so they match the pages' canonical addresses whatever host a crawler used.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from articles import metadata
from articles.models import Article, Locality, Section, Tag, TaggedArticle

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 stories per sitemap


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, the address the canonical links and feeds use."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StorySitemap(SiteSitemap):
    limit = 1000  # stories per page: /sitemap-stories.xml?p=2 and so on, each listed in the index

    def items(self):
        return (
            Article.objects.published()
            .only("id", "slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return metadata.modified_at(item)

    def get_latest_lastmod(self):
        # One aggregate, not a pass over every story as Sitemap's default would do.
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        dates = [value for value in latest.values() if value is not None]
        return max(dates) if dates else None


class SectionSitemap(SiteSitemap):
    def items(self):
        return Section.objects.only("id", "slug").order_by("position", "name", "id")


class LocalitySitemap(SiteSitemap):
    def items(self):
        return Locality.objects.only("id", "slug").order_by("path", "id")


class TagSitemap(SiteSitemap):
    def items(self):
        """Tags of at least one story a reader can see (a subquery, no DISTINCT)."""
        used = TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag_id")
        return Tag.objects.filter(pk__in=used).only("id", "slug").order_by("slug")


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "localities": LocalitySitemap,
    "tags": TagSitemap,
}


def news_stories(now=None):
    """Stories for the Google News sitemap: published within the last two days, newest first."""
    now = now or timezone.now()
    return (
        Article.objects.published()
        .filter(published_at__gte=now - NEWS_WINDOW)
        .only("id", "slug", "headline", "published_at")
        .order_by("-published_at", "-id")[:NEWS_LIMIT]
    )
