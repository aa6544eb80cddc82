"""The public reading site: thin views over articles.selectors."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from articles import selectors
from articles.models import Article, Author, Locality, Tag


def home(request):
    tree = selectors.section_tree(request)
    featured = selectors.featured_story()
    latest = selectors.latest_stories(exclude=featured)
    context = {
        "featured": featured,
        "latest": latest,
        "section_blocks": selectors.stories_by_top_section(tree, exclude_ids=[featured.pk if featured else None]),
        "locality_box": selectors.locality_box(),
    }
    return render(request, "articles/home.html", context)


def article_detail(request, slug, pk):
    article = get_object_or_404(Article.objects.published().for_page(), pk=pk)
    if slug != article.slug:
        # Path only: a stale link's query string (tracking, page) must not follow it to the canonical address.
        return redirect(article.get_absolute_url(), permanent=True)
    context = {
        "article": article,
        "earlier": selectors.earlier_stories(article),
        "related": selectors.related_stories(article),
        "locality_box": selectors.locality_box(),
    }
    return render(request, "articles/article_detail.html", context)


def section_detail(request, slug):
    tree = selectors.section_tree(request)
    section = tree.by_slug.get(slug)
    if section is None:
        raise Http404
    sections = tree.descendants(section)
    stories = Article.objects.published().for_listing().filter(section__in=[s.pk for s in sections])
    context = {
        "section": section,
        "ancestors": tree.ancestors(section),
        "page": selectors.paginate(request, stories),
    }
    return render(request, "articles/section_detail.html", context)


def locality_list(request):
    return render(request, "articles/locality_list.html", {"tree": selectors.locality_tree()})


def locality_detail(request, slug):
    locality = get_object_or_404(Locality, slug=slug)
    context = {
        "locality": locality,
        "page": selectors.paginate(request, selectors.stories_in_locality(locality)),
        "ancestors": selectors.locality_ancestors(locality),
        "children": list(locality.children.order_by("name")),
        "successors": list(locality.successors.order_by("name")),
        "predecessors": list(locality.predecessors.order_by("name")),
    }
    return render(request, "articles/locality_detail.html", context)


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().for_listing().filter(tags=tag)
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": selectors.paginate(request, stories)})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    stories = Article.objects.published().for_listing().filter(bylines__author=author)
    context = {"author": author, "page": selectors.paginate(request, stories)}
    return render(request, "articles/author_detail.html", context)
