from django.urls import path

from comments.desk import views

app_name = "comments_desk"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("<int:pk>/", views.act, name="act"),
    path("<int:pk>/tin-bao/", views.make_tip, name="tip"),
    path("hang-loat/", views.bulk, name="bulk"),
    path("dem/", views.pending_count, name="count"),
    path("nhat-ky/", views.decision_log, name="log"),
]
