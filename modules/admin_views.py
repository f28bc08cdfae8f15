from django.shortcuts import render
from django.utils import timezone

from .selectors import review_schedule


def modules_due_for_review(request):
    """Every module with its last-reviewed date, those older than 12 months first."""
    return render(request, "modules/admin/review_due.html", review_schedule(timezone.localdate()))
