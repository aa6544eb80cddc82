from django.urls import path

from inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("dang-sua/<int:article_id>/", views.heartbeat, name="heartbeat"),
]
