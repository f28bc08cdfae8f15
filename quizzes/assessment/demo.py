"""Invented self-assessment rounds for the demo organisation, so leads can see results at once."""

import random

from django.utils import timezone

from s2t_learn.models import Membership, Role

from ..models import Round
from . import selectors
from .responding import services as response_services
from .results import services as results_services
from .rounds import services as round_services


def _answers_for(round_, rng, weak_domain):
    answers = {}
    for domain in round_.snapshot["domains"]:
        for statement in domain["statements"]:
            if statement["kind"] == "destructive":
                value = "no" if rng.random() > 0.05 else "dont_know"
            elif statement["level"] == "pre_competent":
                value = "met"
            elif domain["key"] == weak_domain:
                value = rng.choice(["not_met", "partly"])
            elif statement["level"] == "competent":
                value = rng.choice(["met"] * 9 + ["partly"])
            else:
                value = rng.choice(["partly", "not_met", "met"])
            answers[statement["key"]] = {"value": value, "note": ""}
    return answers


def ensure_demo_rounds(slug):
    """A closed anonymous round with four respondents, a closed early-years round and one open round.
    Idempotent. (The plan made from the closed round is planning's own demo loader.)"""
    if Round.objects.filter(organisation__slug=slug).exists():
        return
    lead = Membership.objects.filter(organisation__slug=slug, role=Role.ASSESSMENT_LEAD).select_related("user").first()
    if lead is None or not selectors.active_framework():
        return
    rng = random.Random(2026)
    closed = round_services.open_round(
        membership=lead, title="Autumn 2026 self-assessment", is_anonymous=True, share_summary=True
    )
    people = [m.user for m in Membership.objects.filter(organisation__slug=slug).select_related("user")]
    round_services.invite_members(membership=lead, round_id=closed.pk, user_ids=[p.pk for p in people])
    for person in people:
        response_services.save_answers(person, closed.pk, _answers_for(closed, rng, weak_domain="multi_agency"))
        response_services.submit_response(person, closed.pk)
    round_services.close_round(membership=lead, round_id=closed.pk)
    results_services.moderate(
        membership=lead,
        round_id=closed.pk,
        statement_key=closed.snapshot["domains"][0]["statements"][0]["key"],
        value="no",
        reason="Discussed at the team meeting: nobody had seen this happen in the last year.",
    )
    Round.objects.filter(pk=closed.pk).update(opened_at=timezone.now() - timezone.timedelta(days=60))
    # A round opened for one setting: only the statements for early years, in its wording, with the
    # steps and learning written for it. Older than the autumn round, so the plan reads from that.
    nursery = round_services.open_round(
        membership=lead, title="Nursery team: early years self-assessment", is_anonymous=False, setting="early_years"
    )
    round_services.invite_members(membership=lead, round_id=nursery.pk, user_ids=[p.pk for p in people])
    for person in people:
        response_services.save_answers(person, nursery.pk, _answers_for(nursery, rng, weak_domain="child_safety"))
        response_services.submit_response(person, nursery.pk)
    round_services.close_round(membership=lead, round_id=nursery.pk)
    Round.objects.filter(pk=nursery.pk).update(opened_at=timezone.now() - timezone.timedelta(days=90))
    open_round = round_services.open_round(
        membership=lead, title="Spring 2027 self-assessment", is_anonymous=True, previous_id=closed.pk
    )
    round_services.invite_members(membership=lead, round_id=open_round.pk, user_ids=[p.pk for p in people])
