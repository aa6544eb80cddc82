from django.contrib import admin
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("xac-thuc/", admin.site.admin_view(views.verify), name="verify"),
    path("hai-buoc/", admin.site.admin_view(views.enrol), name="enrol"),
    path("phien/", admin.site.admin_view(views.sessions), name="sessions"),
]
