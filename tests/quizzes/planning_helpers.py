"""Shared set-up for the action-planning tests and the access matrix."""

from django.utils import timezone

from modules.models import ModulePage
from quizzes.assessment.responding import services as response_services
from quizzes.assessment.rounds import services as round_services
from quizzes.models import Recommendation
from s2t_learn.models import Role
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory

LEVELS = ("destructive", "neglectful", "pre_competent", "competent")


def make_recommendations(domains=("pattern", "partnering"), modules=("three-principles", "schools")):
    """One recommendation per area per level below Proficient; the Neglectful ones link modules, and the
    pattern area's Pre-Competent step also lifts partnering."""
    linked = list(ModulePage.objects.filter(slug__in=modules).order_by("path"))
    made = {}
    for domain in domains:
        for n, level in enumerate(LEVELS):
            rec = Recommendation(
                key=f"{domain}-{level}",
                domain_key=domain,
                level=level,
                title=f"Step for {domain} at {level}",
                action=f"Do the {level} thing in {domain}.",
                sort_order=n,
                lifts=["partnering"] if (domain, level) == ("pattern", "pre_competent") else [],
            )
            rec.save()
            if level == "neglectful":
                rec.modules = linked
                rec.save()
            made[rec.key] = rec
    return made


def answers_for_levels(round_, levels):
    """Answers that place each area at the given level: {domain: 'destructive'|'neglectful'|...}."""
    gates = ["pre_competent", "competent", "proficient"]
    passed = {"destructive": 0, "neglectful": 0, "pre_competent": 1, "competent": 2, "proficient": 3}
    answers = {}
    for domain in round_.snapshot["domains"]:
        target = levels.get(domain["key"], "proficient")
        for statement in domain["statements"]:
            if statement["kind"] == "destructive":
                value = "yes" if target == "destructive" else "no"
            else:
                value = "met" if gates.index(statement["level"]) < passed[target] else "not_met"
            answers[statement["key"]] = {"value": value, "note": ""}
    return answers


def closed_round(lead, organisation, levels, title="Round one", respondents=3, previous=None, note=""):
    """A closed round whose areas sit at the given levels, answered by new learners."""
    # An anonymous round is released only with 3 or more senders, so smaller ones are named.
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug),
        title=title,
        previous_id=previous.pk if previous else None,
        is_anonymous=respondents >= 3,
    )
    answers = answers_for_levels(round_, levels)
    if note:
        first = next(iter(answers))
        answers[first]["note"] = note
    for _ in range(respondents):
        person = MembershipFactory(organisation=organisation, role=Role.LEARNER).user
        round_services.invite_members(
            membership=membership_for(lead, organisation.slug), round_id=round_.pk, user_ids=[person.pk]
        )
        response_services.save_answers(person, round_.pk, answers)
        response_services.submit_response(person, round_.pk)
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    round_.refresh_from_db()
    return round_


def days_ago(n):
    return timezone.now() - timezone.timedelta(days=n)
