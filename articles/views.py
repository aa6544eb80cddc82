from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from articles.models import Article, Author, Locality, Section, Tag

PAGE_SIZE = 20


def _page(request, queryset):
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except Exception as exc:  # EmptyPage, PageNotAnInteger
        raise Http404 from exc


def home(request):
    articles = Article.objects.published().for_listing()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug, pk):
    article = get_object_or_404(Article.objects.published().for_page(), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = _page(request, Article.objects.published().for_listing().filter(section=section))
    return render(request, "articles/article_list.html", {"title": section.name, "page": page})


def locality_list(request):
    return render(request, "articles/locality_list.html", {"localities": Locality.objects.all()})


def locality_detail(request, slug):
    locality = get_object_or_404(Locality, slug=slug)
    articles = Article.objects.published().for_listing().filter(localities__in=locality.subtree()).distinct()
    return render(request, "articles/article_list.html", {"title": str(locality), "page": _page(request, articles)})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().for_listing().filter(tags=tag)
    return render(request, "articles/article_list.html", {"title": tag.name, "page": _page(request, articles)})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().for_listing().filter(authors=author)
    return render(request, "articles/article_list.html", {"title": author.pen_name, "page": _page(request, articles)})
