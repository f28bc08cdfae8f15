from django.urls import path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("quizzes/attempts/<int:attempt_id>/", views.attempt, name="attempt"),
    path("quizzes/attempts/<int:attempt_id>/finish/", views.attempt_finish, name="attempt_finish"),
    path("quizzes/attempts/<int:attempt_id>/result/", views.attempt_result, name="attempt_result"),
    path("quizzes/<int:quiz_id>/try/", views.quiz_try, name="quiz_try"),
    path("certificates/", views.my_certificates, name="my_certificates"),
    path("certificates/verify/", views.certificate_verify_form, name="certificate_verify_form"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/assertion.json", views.badge_assertion, name="badge_assertion"),
    path("badges/issuer.json", views.badge_issuer, name="badge_issuer"),
    path("badges/<slug:slug>.json", views.badge_class, name="badge_class"),
    path("badges/<slug:slug>.png", views.badge_class_image, name="badge_class_image"),
    path("certificates/<str:code>/<slug:kind>/", views.certificate_file, name="certificate_file"),
    path("my-learning/measure/", views.my_measure, name="my_measure"),
    path("my-learning/measure/<slug:stage>/", views.measure_stage, name="measure_stage"),
    path("org/<slug:slug>/measure/", views.organisation_measure, name="organisation_measure"),
    # The measure's addresses before it had one name: follow-up emails already sent link to them.
    path("my-learning/knowledge-and-confidence/", RedirectView.as_view(pattern_name="my_measure", permanent=True)),
    path(
        "my-learning/knowledge-and-confidence/<slug:stage>/",
        RedirectView.as_view(pattern_name="measure_stage", permanent=True, query_string=True),
    ),
    path(
        "org/<slug:slug>/knowledge-and-confidence/",
        RedirectView.as_view(pattern_name="organisation_measure", permanent=True),
    ),
]
