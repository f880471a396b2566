"""URLs of treatment courses, included at the site root by knotwork.urls."""

from django.urls import path

from knotwork.courses import calendar, patient_views, views

urlpatterns = [
    path("patients/<int:patient_id>/course/new/", views.course_start, name="course_start"),
    path("courses/<int:course_id>/", views.course_detail, name="course_detail"),
    path("courses/<int:course_id>/summary/", views.course_summary, name="course_summary"),
    path("courses/<int:course_id>/end/", views.course_end, name="course_end"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/record/", views.session_record, name="session_record"),
    path("sessions/<int:session_id>/book/", views.session_book, name="session_book"),
    path("sessions/<int:session_id>/sign/", views.session_sign, name="session_sign"),
    path("sessions/<int:session_id>/home-care/", patient_views.home_care, name="home_care"),
    path(
        "sessions/<int:session_id>/tightness/",
        patient_views.tightness_report,
        name="tightness_report",
    ),
    path("reviews/<int:review_id>/decide/", views.review_decide, name="review_decide"),
    path("check-ins/<int:check_in_id>/", patient_views.checkin_answer, name="checkin_answer"),
    path("calendar/", calendar.calendar_links, name="calendar_links"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
