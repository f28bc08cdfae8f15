"""Reads for self-assessment rounds. Each takes the requesting user: isolation lives here."""

from collections import defaultdict

from django.db.models import Count
from django.http import Http404

from s2t_learn import selectors as org_selectors
from s2t_learn.models import Role

from .. import continuum
from ..models import AgreedAnswer, Answer, Framework, Round, RoundInvitation
from . import snapshot as snap


def active_framework():
    return Framework.objects.filter(is_active=True).order_by("-version").first()


def rounds_for(user, slug):
    membership = org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD)
    return Round.objects.filter(organisation=membership.organisation).select_related("team", "organisation")


def round_for_lead(user, slug, round_id):
    round_ = rounds_for(user, slug).filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def invitation_for(user, round_id):
    """The user's own response to a round; a round they were not invited to does not exist for them."""
    if not user.is_authenticated:
        raise Http404
    invitation = (
        RoundInvitation.objects.select_related("round", "round__organisation")
        .filter(round_id=round_id, user=user)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def my_answers(invitation):
    return {a.statement_key: a for a in invitation.answers.all()}


def respondents(round_):
    """Who was invited, how far they got and whether they submitted. Never their answers."""
    return list(round_.invitations.select_related("user").annotate(answered=Count("answers")).order_by("created_at"))


def individual_answers(round_):
    """Each named respondent's answers: for named rounds only. Anonymous rounds never show them."""
    if round_.is_anonymous:
        return None
    by_person = defaultdict(dict)
    for answer in Answer.objects.filter(invitation__round=round_).select_related("invitation__user"):
        by_person[answer.invitation.user][answer.statement_key] = answer
    return dict(by_person)


def raw_answers(round_):
    grouped = defaultdict(list)
    for key, value in Answer.objects.filter(invitation__round=round_).values_list("statement_key", "value"):
        grouped[key].append(value)
    return grouped


def agreed_answers(round_):
    return {a.statement_key: a for a in AgreedAnswer.objects.filter(round=round_).select_related("decided_by")}


def results(round_):
    """Placement per domain and overall, with what it rests on, and the spread where privacy allows."""
    snapshot = round_.snapshot
    answers = raw_answers(round_)
    agreed = agreed_answers(round_)
    placement = continuum.place(
        snap.domain_keys(snapshot),
        snap.placement_statements(snapshot),
        answers,
        {key: a.value for key, a in agreed.items()},
        rule=snap.rule_of(snapshot),
    )
    statements = snap.statements_by_key(snapshot)
    spread = {
        key: dict(placement.aggregates[key].counts)
        if continuum.spread_visible(round_.is_anonymous, len(answers.get(key, ())))
        else None
        for key in statements
    }
    domains = {d["key"]: d for d in snapshot["domains"]}
    return {
        "placement": placement,
        "statements": statements,
        "domains": domains,
        "agreed": agreed,
        "spread": spread,
        "respondent_count": round_.invitations.filter(answers__isnull=False).distinct().count(),
    }
