"""Pages of logging in and out, the landing page, and accepting an invitation."""

from django.urls import path

from knotwork.accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.KnotworkLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("invite/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
]
