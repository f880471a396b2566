from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "knotwork.courses"
    label = "courses"
    verbose_name = "Treatment courses"

    def ready(self) -> None:
        from knotwork.clinics.signals import membership_ended
        from knotwork.courses.receivers import revoke_staff_calendar

        membership_ended.connect(revoke_staff_calendar, dispatch_uid="knotwork-courses-feeds")
