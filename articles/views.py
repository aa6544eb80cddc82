"""The public reading site: thin views over Article.objects.published() and the caches of articles.cached."""

import base64
import datetime

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from articles import archive, cached, locality_index, metadata, pages, readership, sitemaps
from articles import search as reader_search
from articles.models import Article, Author, Locality, Tag
from core.paging import paginate


def home(request):
    tree, lists, locality_box = cached.home_page(request)
    grouped = {}
    for story in lists["blocks"]:
        section = tree.by_id.get(story.section_id)
        top = (tree.ancestors(section) or [section])[0] if section is not None else None
        if top is not None:
            grouped.setdefault(top.pk, []).append(story)
    context = {
        "featured": next(iter(lists["featured"]), None),
        "latest": lists["latest"],
        "section_blocks": [(section, grouped[section.pk]) for section in tree.top_level if grouped.get(section.pk)],
        "most_viewed": lists["most_viewed"],
        "locality_box": locality_box,
    }
    return render(request, "articles/home.html", context)


def article_detail(request, slug, pk):
    found = cached.story_page(request, pk)
    if found is None:
        raise Http404
    article, lists, locality_box = found
    if slug != article.slug:
        # Path only: a stale link's query string (tracking, page) must not follow it to the canonical address.
        return redirect(article.get_absolute_url(), permanent=True)
    return render(request, "articles/article_detail.html", story_context(article, lists, locality_box))


def render_story(request, article):
    """The editors' preview (articles.preview) of a story in any state, read with for_page(), as its page."""
    article = cached.page_story(article, cached.section_tree(request))
    return render(request, "articles/article_detail.html", story_context(article, cached.story_lists(article)))


def story_context(article, lists, locality_box=None):
    box = cached.locality_box() if locality_box is None else locality_box
    return {"article": article, **lists, "locality_box": box}


def section_detail(request, slug):
    tree = cached.section_tree(request)
    section = tree.by_slug.get(slug)
    if section is None:
        raise Http404
    sections = tree.descendants(section)
    stories = Article.objects.published().for_listing().filter(section__in=[s.pk for s in sections])
    context = {
        "section": section,
        "ancestors": tree.ancestors(section),
        "page": paginate(request, stories),
    }
    return render(request, "articles/section_detail.html", context)


def archive_day(request, day):
    """/ngay/2025-01-24/: the stories published that local day, with links to the days around it."""
    try:
        day = datetime.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404 from exc
    today = timezone.localdate()
    if not pages.ARCHIVE_START <= day <= today:
        raise Http404
    context = {
        "day": day,
        "page": paginate(request, Article.objects.published().for_listing().on_day(day)),
        # The days around it that have stories: no stepping through empty days.
        "previous_day": archive.day_before(day),
        "next_day": archive.day_after(day),
    }
    return render(request, "articles/archive_day.html", context)


def archive_index(request):
    """/ngay/: every month with stories, by year, each linking its calendar."""
    return render(request, "articles/archive_index.html", {"months": archive.months()})


def archive_month(request, month):
    """/ngay/2013-01/: the month's calendar; the days with stories link to their day page."""
    try:
        first = datetime.date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise Http404 from exc
    if not pages.ARCHIVE_START <= first <= timezone.localdate():
        raise Http404
    context = {
        "month": first,
        "weeks": archive.month_calendar(first),
        "previous_month": archive.month_before(first),
        "next_month": archive.month_after(first),
    }
    return render(request, "articles/archive_month.html", context)


# A transparent 1×1 GIF: the story page's counting image.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@require_GET
def count_view(request, pk):
    """/dem/<id>/: the image every story page loads, so reads count even when the page itself comes from a cache.

    Unknown, unpublished and repeated reads get the same image and count nothing.
    """
    readership.record_view(request, pk)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def locality_list(request):
    """Current units first; the dissolved ones folded under "Đơn vị cũ", each with the units that took over."""
    tree = pages.locality_tree()
    context = {"tree": locality_index.current_tree(tree), "former": locality_index.former_units(tree)}
    return render(request, "articles/locality_list.html", context)


def locality_detail(request, slug):
    locality = get_object_or_404(Locality, slug=slug)
    context = {
        "locality": locality,
        "page": paginate(request, Article.objects.published().for_listing().in_locality(locality)),
        "ancestors": locality.ancestors(),
        "children": list(locality.children.order_by("name")),
        "successors": list(locality.successors.order_by("name")),
        "predecessors": list(locality.predecessors.order_by("name")),
    }
    return render(request, "articles/locality_detail.html", context)


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().for_listing().filter(tags=tag)
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": paginate(request, stories)})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    stories = Article.objects.published().for_listing().filter(bylines__author=author)
    context = {"author": author, "page": paginate(request, stories)}
    return render(request, "articles/author_detail.html", context)


# Distribution -----------------------------------------------------------------------------------------------------


@require_safe
def sitemap_index(request):
    """sitemap.xml: every page of every sitemap, then the Google News one, with SITE_URL addresses."""
    entries = []
    for name, sitemap_class in sitemaps.SITEMAPS.items():
        sitemap = sitemap_class()
        location = metadata.absolute(reverse("articles:sitemap_section", args=[name]))
        last_mod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, last_mod))
        for number in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={number}", last_mod))
    entries.append(sitemap_views.SitemapIndexItem(metadata.absolute(reverse("articles:sitemap_news"))))
    response = render(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def sitemap_section(request, section):
    """/sitemap-stories.xml?p=2 and the like: Django's sitemap view (bad ?p= and unknown names are 404s)."""
    return sitemap_views.sitemap(request, sitemaps.SITEMAPS, section=section)


@require_safe
def news_sitemap(request):
    """Google News sitemap: the last two days' stories with the news: namespace."""
    context = {"stories": sitemaps.news_stories(), "publication_name": metadata.site_name()}
    response = render(request, "articles/sitemap_news.xml", context, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_safe
def search(request):
    """/tim-kiem/?q=…: stories matching every word, with or without diacritics (see articles.search)."""
    form = reader_search.SearchForm(request.GET, cached.section_tree(request))
    response = render(request, "articles/search.html", reader_search.results(request, form))
    response.headers["X-Robots-Tag"] = "noindex"
    return response
