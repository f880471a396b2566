from django.urls import path

from knotwork.insight import views

urlpatterns = [
    path("insight/", views.insight_page, name="insight"),
    path("insight/<slug:table>.csv", views.insight_csv, name="insight_csv"),
]
