"""Planning's targets and plan behind the organisation boundary (issue 14): the public reads take the lead's
checked membership; a learner's is refused (403) and another organisation's finds nothing here (404)."""

import pytest
from django.core.exceptions import PermissionDenied

from quizzes.planning.targets import selectors as target_selectors
from quizzes.planning.targets import services as target_services
from s2t_learn.errors import NotFound
from s2t_learn.selectors import membership_for
from tests.factories import TeamFactory

from .planning_helpers import closed_round, make_recommendations

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people, organisation, other_organisation, framework, curriculum):
    make_recommendations()
    lead = people["assessment_lead"]
    return {
        "round": closed_round(lead, organisation, {"pattern": "neglectful", "partnering": "pre_competent"}),
        "team": TeamFactory(organisation=organisation),
        "lead": membership_for(lead, organisation.slug),
        "learner": membership_for(people["learner"], organisation.slug),
        "outsider": membership_for(people["other_org"], other_organisation.slug),  # an admin, elsewhere
    }


def test_a_learners_membership_cannot_read_or_set_targets(setup):
    learner = setup["learner"]
    with pytest.raises(PermissionDenied):
        target_selectors.target_levels(membership=learner)
    with pytest.raises(PermissionDenied):
        target_selectors.known_domains(membership=learner)
    with pytest.raises(PermissionDenied):
        target_selectors.results_planning(membership=learner, round_=setup["round"], placement=None)
    with pytest.raises(PermissionDenied):
        target_services.set_targets(membership=learner, targets={"pattern": 4})


def test_another_organisations_membership_does_not_reach_this_ones_round_or_team(setup):
    outsider, team = setup["outsider"], setup["team"]
    with pytest.raises(NotFound):
        target_selectors.results_planning(membership=outsider, round_=setup["round"], placement=None)
    with pytest.raises(NotFound):
        target_selectors.target_levels(membership=outsider, team=team)
    with pytest.raises(NotFound):
        target_selectors.scope_team(membership=outsider, team_id=team.pk)
    with pytest.raises(NotFound):
        target_selectors.closed_round_of_scope(membership=outsider, team=team, round_id=setup["round"].pk)
    assert target_selectors.closed_round_of_scope(membership=outsider, team=None, round_id=setup["round"].pk) is None


def test_the_lead_reads_their_own_scope(setup):
    lead, round_ = setup["lead"], setup["round"]
    target_services.set_targets(membership=lead, targets={"pattern": 4})
    assert target_selectors.target_levels(membership=lead) == {"pattern": 4}
    assert target_selectors.target_levels(membership=lead, team=setup["team"]) == {}
    assert target_selectors.closed_round_of_scope(membership=lead, team=None, round_id=round_.pk) == round_
