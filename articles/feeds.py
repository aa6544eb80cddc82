"""RSS 2.0 and Atom feeds of the latest stories: the paper, a section, a locality (with the units under it), a tag.

Every feed starts from `Article.objects.published()` and costs a fixed number of queries (see `feed_stories`).
"""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles import cached, metadata
from articles.models import Article, ArticleAuthor, Locality, Tag

FEED_SIZE = 30
DC = "http://purl.org/dc/elements/1.1/"
MEDIA_RSS = "http://search.yahoo.com/mrss/"


def feed_stories(stories, limit=FEED_SIZE):
    """The latest published stories of a queryset, with what a feed item shows, in three queries.

    1 the stories with their section, 2 bylines with their authors, 3 tags; the body is not loaded.
    """
    return (
        # Replaces any only() of the caller: a feed item is a listing's fields plus updated_at, never the body.
        stories.for_listing("updated_at")
        .prefetch_related(
            Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author").order_by("position")),
            "tags",
        )
        .order_by("-published_at", "-id")[:limit]
    )


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author and the cover as media:content besides the enclosure."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC, "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item.get("more_authors", ()):
            handler.addQuickElement("dc:creator", author["name"])
        image = item.get("image")
        if image:
            attrs = {"url": image["url"], "medium": "image", "type": "image/jpeg"}
            if image["width"]:
                attrs.update(width=str(image["width"]), height=str(image["height"]))
            handler.addQuickElement("media:content", "", attrs)


class MultiAuthorAtomFeed(Atom1Feed):
    """Atom with one <author> per byline, not the names joined into one."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item.get("more_authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")


class LatestStoriesFeed(Feed):
    """The paper's latest stories (RSS 2.0)."""

    feed_type = MediaRssFeed
    language = "vi"
    url_name = "articles:feed_rss"

    # What the feed is about -----------------------------------------------------------------------------------

    def stories(self, obj):
        return Article.objects.published()

    def name(self, obj):
        return metadata.site_name()

    def page_url(self, obj):
        return reverse("articles:home")

    def feed_url_args(self, obj):
        return []

    def title(self, obj):
        return self.name(obj)

    def description(self, obj):
        return _("Latest news from %(name)s") % {"name": self.name(obj)}

    # Feed plumbing --------------------------------------------------------------------------------------------

    def items(self, obj):
        return feed_stories(self.stories(obj))

    def link(self, obj):
        return metadata.absolute(self.page_url(obj))

    def feed_url(self, obj):
        return metadata.absolute(reverse(self.url_name, args=self.feed_url_args(obj)))

    def subtitle(self, obj):
        return self.description(obj)

    def item_title(self, item):
        # RSS readers show titles as HTML (Django ticket #6533): "<" and "&" in a headline stay text.
        return escape(item.headline)

    def item_description(self, item):
        # The sapo is plain text; descriptions are read as HTML.
        return escape(item.sapo)

    def item_link(self, item):
        return metadata.absolute(item.get_absolute_url())

    def _authors(self, item):
        return [
            {"name": line.author.pen_name, "url": metadata.absolute(line.author.get_absolute_url())}
            for line in item.bylines.all()
        ]

    def item_author_name(self, item):
        authors = self._authors(item)
        return authors[0]["name"] if authors else None

    def item_author_link(self, item):
        authors = self._authors(item)
        return authors[0]["url"] if authors else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return metadata.modified_at(item)

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        image = metadata.share_image(item)
        if image is None:
            return []
        # The renditions JSON keeps no byte sizes and a feed must not touch storage: length 0 means "unknown".
        return [Enclosure(image["url"], "0", "image/jpeg")]

    def item_extra_kwargs(self, item):
        return {"more_authors": self._authors(item)[1:], "image": metadata.share_image(item)}


class LatestStoriesAtomFeed(LatestStoriesFeed):
    """The paper's latest stories (Atom)."""

    feed_type = MultiAuthorAtomFeed
    url_name = "articles:feed_atom"

    def item_title(self, item):
        # Atom titles are type="text": the XML writer's escaping is all they need.
        return item.headline


class SectionMixin:
    """A section and its sub-sections."""

    def get_object(self, request, slug):
        tree = cached.section_tree(request)
        section = tree.by_slug.get(slug)
        if section is None:
            raise Http404
        section.descendant_ids = [s.pk for s in tree.descendants(section)]
        return section

    def stories(self, obj):
        return Article.objects.published().filter(section__in=obj.descendant_ids)

    def name(self, obj):
        return obj.name

    def title(self, obj):
        return f"{obj.name} - {metadata.site_name()}"

    def description(self, obj):
        return _("Latest news in %(name)s") % {"name": obj.name}

    def page_url(self, obj):
        return obj.get_absolute_url()

    def feed_url_args(self, obj):
        return [obj.slug]


class LocalityMixin:
    """A locality and every unit under it."""

    def get_object(self, request, slug):
        return get_object_or_404(Locality, slug=slug)

    def stories(self, obj):
        return Article.objects.published().in_locality(obj)

    def title(self, obj):
        return f"{obj.full_name} - {metadata.site_name()}"

    def description(self, obj):
        return _("Latest news from %(name)s") % {"name": obj.full_name}

    def page_url(self, obj):
        return obj.get_absolute_url()

    def feed_url_args(self, obj):
        return [obj.slug]


class TagMixin:
    """Stories with a tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def stories(self, obj):
        return Article.objects.published().filter(tags=obj)

    def title(self, obj):
        return f"{obj.name} - {metadata.site_name()}"

    def description(self, obj):
        return _("Latest stories tagged %(name)s") % {"name": obj.name}

    def page_url(self, obj):
        return obj.get_absolute_url()

    def feed_url_args(self, obj):
        return [obj.slug]


class SectionFeed(SectionMixin, LatestStoriesFeed):
    url_name = "articles:section_rss"


class SectionAtomFeed(SectionMixin, LatestStoriesAtomFeed):
    url_name = "articles:section_atom"


class LocalityFeed(LocalityMixin, LatestStoriesFeed):
    url_name = "articles:locality_rss"


class LocalityAtomFeed(LocalityMixin, LatestStoriesAtomFeed):
    url_name = "articles:locality_atom"


class TagFeed(TagMixin, LatestStoriesFeed):
    url_name = "articles:tag_rss"


class TagAtomFeed(TagMixin, LatestStoriesAtomFeed):
    url_name = "articles:tag_atom"
