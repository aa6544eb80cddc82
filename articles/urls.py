from django.urls import path, re_path

from articles import feeds, views
from core.pagecache import public_page

app_name = "articles"
urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("rss/", public_page(feeds.LatestStoriesFeed()), name="feed_rss"),
    path("atom/", public_page(feeds.LatestStoriesAtomFeed()), name="feed_atom"),
    path("sitemap.xml", public_page(views.sitemap_index), name="sitemap_index"),
    path("sitemap-news.xml", public_page(views.news_sitemap), name="sitemap_news"),
    path("sitemap-<section>.xml", public_page(views.sitemap_section), name="sitemap_section"),
    path("robots.txt", public_page(views.robots_txt), name="robots_txt"),
    path("chuyen-muc/<slug:slug>/", public_page(views.section_detail), name="section"),
    path("chuyen-muc/<slug:slug>/rss/", public_page(feeds.SectionFeed()), name="section_rss"),
    path("chuyen-muc/<slug:slug>/atom/", public_page(feeds.SectionAtomFeed()), name="section_atom"),
    path("dia-phuong/", public_page(views.locality_list), name="localities"),
    path("dia-phuong/<slug:slug>/", public_page(views.locality_detail), name="locality"),
    path("dia-phuong/<slug:slug>/rss/", public_page(feeds.LocalityFeed()), name="locality_rss"),
    path("dia-phuong/<slug:slug>/atom/", public_page(feeds.LocalityAtomFeed()), name="locality_atom"),
    path("the/<slug:slug>/", public_page(views.tag_detail), name="tag"),
    path("the/<slug:slug>/rss/", public_page(feeds.TagFeed()), name="tag_rss"),
    path("the/<slug:slug>/atom/", public_page(feeds.TagAtomFeed()), name="tag_atom"),
    path("tac-gia/<slug:slug>/", public_page(views.author_detail), name="author"),
    path("tim-kiem/", views.search, name="search"),
    path("ngay/", public_page(views.archive_index), name="archive"),
    re_path(r"^ngay/(?P<month>[0-9]{4}-[0-9]{2})/$", public_page(views.archive_month), name="archive_month"),
    re_path(r"^ngay/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", public_page(views.archive_day), name="archive_day"),
    path("dem/<int:pk>/", views.count_view, name="count_view"),
    path("<slug:slug>-<int:pk>.html", public_page(views.article_detail, story="pk"), name="detail"),
]
