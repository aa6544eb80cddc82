from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("<int:article_id>/gui/", views.post_comment, name="post"),
    path("trang-thai/<uuid:token>/", views.comment_status, name="status"),
]
