"""The trigger points to examine for a pain map, palpation, and the muscle pages."""

from django.urls import path

from knotwork.finder.views import candidates, muscles, scoring, settings

urlpatterns = [
    path(
        "pain-maps/<int:pain_map_id>/trigger-points/",
        candidates.candidates_page,
        name="finder_candidates",
    ),
    path(
        "pain-maps/<int:pain_map_id>/palpation/",
        candidates.record_palpation,
        name="finder_palpation",
    ),
    path("trigger-points/how-they-are-ranked/", scoring.scoring_page, name="finder_scoring"),
    path("clinic/finder/", settings.finder_settings, name="finder_settings"),
    path("muscles/", muscles.muscle_list, name="muscle_list"),
    path("muscles/<str:muscle_id>/", muscles.muscle_detail, name="muscle_detail"),
]
