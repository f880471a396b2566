"""Pages to draw, revisit and compare pain maps: for staff, for a patient, and by link."""

from django.urls import path

from knotwork.painmaps import views

urlpatterns = [
    path("patients/<int:patient_id>/pain-maps/", views.pain_map_history, name="pain_map_history"),
    path("patients/<int:patient_id>/pain-maps/new/", views.staff_draw, name="staff_draw"),
    path("patients/<int:patient_id>/pain-maps.csv", views.pain_maps_csv, name="pain_maps_csv"),
    path(
        "patients/<int:patient_id>/drawing-link/",
        views.send_drawing_link,
        name="send_drawing_link",
    ),
    path("pain-maps/<int:pain_map_id>/", views.pain_map_detail, name="pain_map_detail"),
    path("pain-maps/<int:pain_map_id>.svg", views.pain_map_svg, name="pain_map_svg"),
    path("me/pain-maps/new/", views.my_draw, name="my_draw"),
    path("draw/<str:token>/", views.link_draw, name="link_draw"),
]
