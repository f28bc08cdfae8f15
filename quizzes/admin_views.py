from django.shortcuts import render

from .quality_report import flagged_content


def question_quality(request):
    """Quiz questions and in-lesson checks whose wording gives the answer away, with how to fix each."""
    return render(request, "quizzes/admin/question_quality.html", flagged_content())
