"""URLs of treatment courses, included at the site root by knotwork.urls."""

from django.urls import path

from knotwork.courses.views import calendar, consent, course, hours, patient, record, session

urlpatterns = [
    path("patients/<int:patient_id>/course/new/", course.course_start, name="course_start"),
    path("courses/<int:course_id>/", course.course_detail, name="course_detail"),
    path("courses/<int:course_id>/summary/", course.course_summary, name="course_summary"),
    path("courses/<int:course_id>/end/", course.course_end, name="course_end"),
    path("sessions/<int:session_id>/", session.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/record/", record.session_record, name="session_record"),
    path("sessions/<int:session_id>/original/", session.session_original, name="session_original"),
    path("sessions/<int:session_id>/book/", session.session_book, name="session_book"),
    path("sessions/<int:session_id>/sign/", session.session_sign, name="session_sign"),
    path("sessions/<int:session_id>/home-care/", patient.home_care, name="home_care"),
    path(
        "sessions/<int:session_id>/tightness/",
        patient.tightness_report,
        name="tightness_report",
    ),
    path("reviews/<int:review_id>/decide/", course.review_decide, name="review_decide"),
    path("check-ins/<int:check_in_id>/", patient.checkin_answer, name="checkin_answer"),
    path("clinic/hours/", hours.opening_hours, name="opening_hours"),
    path("clinic/hours/<int:membership_id>/", hours.working_hours, name="working_hours"),
    path("day/", hours.day_view, name="day_view"),
    path("me/consent/", consent.my_consent, name="my_consent"),
    path("me/consent/withdraw/", consent.my_consent_withdraw, name="my_consent_withdraw"),
    path("patients/<int:patient_id>/consent/", consent.consent_paper, name="consent_paper"),
    path("clinic/consent/", consent.consent_text, name="consent_text"),
    path("calendar/", calendar.calendar_links, name="calendar_links"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
