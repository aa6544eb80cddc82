from django.urls import path

from royalties import views

app_name = "royalties"
urlpatterns = [
    path("cham/", views.grade, name="grade"),
    path("bang-ke/", views.statement_list, name="statements"),
    path("bang-ke.csv", views.export_csv, name="export_csv"),
    path("bang-ke.xlsx", views.export_xlsx, name="export_xlsx"),
    path("khoa-thang/", views.close_month, name="close"),
]
