from django.urls import path, re_path

from articles import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("rss/", feeds.LatestStoriesFeed(), name="feed_rss"),
    path("atom/", feeds.LatestStoriesAtomFeed(), name="feed_atom"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap_news"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("chuyen-muc/<slug:slug>/", views.section_detail, name="section"),
    path("chuyen-muc/<slug:slug>/rss/", feeds.SectionFeed(), name="section_rss"),
    path("chuyen-muc/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("dia-phuong/", views.locality_list, name="localities"),
    path("dia-phuong/<slug:slug>/", views.locality_detail, name="locality"),
    path("dia-phuong/<slug:slug>/rss/", feeds.LocalityFeed(), name="locality_rss"),
    path("dia-phuong/<slug:slug>/atom/", feeds.LocalityAtomFeed(), name="locality_atom"),
    path("the/<slug:slug>/", views.tag_detail, name="tag"),
    path("the/<slug:slug>/rss/", feeds.TagFeed(), name="tag_rss"),
    path("the/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_atom"),
    path("tac-gia/<slug:slug>/", views.author_detail, name="author"),
    path("tim-kiem/", views.search, name="search"),
    re_path(r"^ngay/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", views.archive_day, name="archive_day"),
    path("dem/<int:pk>/", views.count_view, name="count_view"),
    path("<slug:slug>-<int:pk>.html", views.article_detail, name="detail"),
]
