from django.urls import path

from comments import views
from core.pagecache import public_page

app_name = "comments"
urlpatterns = [
    path("<int:article_id>/gui/", views.post_comment, name="post"),
    path(
        "<int:article_id>/trang/<int:number>/",
        public_page(views.comment_page, story="article_id"),
        name="page",
    ),
    path("trang-thai/<uuid:token>/", views.comment_status, name="status"),
    path("<int:pk>/bao-vi-pham/", views.report_comment, name="report"),
]
