"""Reads and helpers the planning jobs share: the disclosure minimum, placements of several rounds, area titles,
and the assessment lead's membership."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from s2t_learn import rules
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership

from .. import continuum
from ..assessment import anonymity
from ..assessment import selectors as assessment_selectors
from ..assessment import snapshot as snap
from ..models import Answer, Round


def minimum_group():
    """Learner statistics shown to an organisation are withheld for groups smaller than this (DESIGN)."""
    from s2t_learn.disclosure import minimum_group as the_minimum

    return the_minimum()


def reassessment_due_days():
    return getattr(settings, "REASSESSMENT_DUE_DAYS", 365)


# ---------------------------------------------------------------- placement without the page's extras


def placements_for(rounds):
    """{round id: Placement} for several rounds in two queries (answers, agreed answers)."""
    ids = [r.pk for r in rounds]
    answers = defaultdict(lambda: defaultdict(list))
    senders = defaultdict(set)
    # Only sent answers by members count (quizzes/assessment/anonymity.py), as on the results page.
    org_member = Exists(
        Membership.objects.filter(
            user=OuterRef("invitation__user"), organisation_id=OuterRef("invitation__round__organisation_id")
        )
    )
    team_member = Exists(
        Membership.objects.filter(user=OuterRef("invitation__user"), team_id=OuterRef("invitation__round__team_id"))
    )
    for round_id, invitation_id, key, value in (
        Answer.objects.filter(invitation__round_id__in=ids, invitation__submitted_at__isnull=False)
        .filter(org_member)
        .filter(Q(invitation__round__team__isnull=True) | team_member)
        .values_list("invitation__round_id", "invitation_id", "statement_key", "value")
    ):
        answers[round_id][key].append(value)
        senders[round_id].add(invitation_id)
    agreed = assessment_selectors.agreed_values_for(ids)
    minimum = assessment_selectors.release_minimum()
    placements = {}
    for r in rounds:
        state = anonymity.release_state(r.is_anonymous, r.is_open, len(senders[r.pk]), minimum)
        if not anonymity.results_visible(state):
            placements[r.pk] = None  # withheld: nothing about it may show anywhere
            continue
        placements[r.pk] = continuum.place(
            snap.domain_keys(r.snapshot),
            snap.placement_statements(r.snapshot),
            answers[r.pk],
            agreed[r.pk],
            rule=snap.rule_of(r.snapshot),
        )
    return placements


def domain_titles(*snapshots):
    titles = {}
    for snapshot in snapshots:
        for domain in snapshot.get("domains", []):
            titles.setdefault(domain["key"], domain["title"])
    return titles


def round_by_id(*, membership: Membership, round_id: int | str) -> Round:
    """The caller's organisation's round with this id, or NotFound (another organisation's, or none)."""
    round_ = Round.objects.filter(organisation_id=membership.organisation_id, pk=round_id).first()
    if round_ is None:
        raise NotFound
    return round_


def round_of(*, membership: Membership, round_id: int | str | None) -> Round | None:
    """As round_by_id, and None when no round is given."""
    return round_by_id(membership=membership, round_id=round_id) if round_id else None


# One rule for dates (s2t_learn/rules.py); kept under this name for planning's callers.
as_date = rules.as_date
