from django.urls import path

from tips import views

app_name = "tips"

urlpatterns = [
    path("", views.send_tip, name="send"),
    path("da-gui/", views.thanks, name="thanks"),
]
