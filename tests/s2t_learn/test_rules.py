"""The shared rules for teams and dates (s2t_learn/rules.py), which every service that takes them uses."""

import datetime

import pytest

from s2t_learn import rules
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory

TODAY = datetime.date(2027, 3, 10)


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("2027-03-31", datetime.date(2027, 3, 31)),
        (datetime.date(2027, 1, 2), datetime.date(2027, 1, 2)),
        (datetime.datetime(2027, 1, 2, 23, 59), datetime.date(2027, 1, 2)),
    ],
)
def test_as_date_reads_dates_and_nothing(value, expected):
    assert rules.as_date(value) == expected


@pytest.mark.parametrize("value", ["2027-02-30", "31/03/2027", "tomorrow", "2027-13-01"])
def test_as_date_refuses_what_is_no_date(value):
    with pytest.raises(ValueError):
        rules.as_date(value)


@pytest.mark.parametrize(
    "value, required, unchanged, error",
    [
        ("2027-03-10", None, None, None),  # today is allowed
        ("2027-03-11", None, None, None),
        ("2027-03-09", None, None, "The due date must be today or later."),
        ("2027-03-09", None, datetime.date(2027, 3, 9), None),  # an earlier value may stay once past
        ("2027-02-30", None, None, "Enter the due date as a real date, for example 2027-03-31."),
        ("", None, None, None),
        ("", "Choose a due date.", None, "Choose a due date."),
        (None, "Choose a due date.", None, "Choose a due date."),
    ],
)
def test_date_from_today_every_case(value, required, unchanged, error):
    errors = {}
    result = rules.date_from_today(
        value, errors, "due_date", label="due date", required=required, unchanged=unchanged, today=TODAY
    )
    assert errors.get("due_date") == error
    if error is None and value:
        assert result == rules.as_date(value)


@pytest.mark.django_db
def test_a_team_must_be_the_callers_organisations():
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    membership = MembershipFactory(organisation=mine)
    own, other = TeamFactory(organisation=mine), TeamFactory(organisation=theirs)
    errors = {}
    assert rules.team_of_organisation(membership, own.pk, errors) == own and errors == {}
    assert rules.team_of_organisation(membership, None, errors) is None and errors == {}  # the whole organisation
    assert rules.team_of_organisation(membership, other.pk, errors) is None
    assert errors == {"team": rules.TEAM_NOT_IN_ORGANISATION}


def test_model_field_problems_gives_each_fields_first_message_and_skips_the_excluded():
    from s2t_learn.models import Team

    assert rules.model_field_problems(Team(name=""), exclude=["organisation"]) == {"name": "Enter the team's name."}
    too_long = rules.model_field_problems(Team(name="t" * 201), exclude=["organisation"])
    assert too_long == {"name": "The team's name must be 200 characters or fewer."}
    assert rules.model_field_problems(Team(name="Early years"), exclude=["organisation"]) == {}
    assert rules.model_field_problems(Team(name=""), exclude=["organisation", "name"]) == {}
