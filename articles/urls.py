from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("chuyen-muc/<slug:slug>/", views.section_detail, name="section"),
    path("dia-phuong/", views.locality_list, name="localities"),
    path("dia-phuong/<slug:slug>/", views.locality_detail, name="locality"),
    path("the/<slug:slug>/", views.tag_detail, name="tag"),
    path("tac-gia/<slug:slug>/", views.author_detail, name="author"),
    path("<slug:slug>-<int:pk>.html", views.article_detail, name="detail"),
]
