"""The health check; the rest of the web app is the layout every page shares."""

from django.urls import path

from knotwork.web import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
