from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "knotwork.courses"
    label = "courses"
    verbose_name = "Treatment courses"
