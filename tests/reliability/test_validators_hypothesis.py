"""The project's forms and API serializers, fed random input (issue 16, items 6 and 11).

Text with NUL and other control characters, integers far beyond the database's range, and JSON of the
wrong type must only ever give validation errors: never another exception, and never "valid" data that
would overflow a column or carry a NUL into the database. Valid input comes back as it was sent.
"""

import importlib
import inspect

import pytest
from django import forms
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.test import APIClient

from s2t_learn.api import fields as strict
from s2t_learn.api.pagination import StandardPagination

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "s2t_learn.forms",
    "modules.forms",
    "quizzes.planning.forms",
    "quizzes.assessment.forms",
    "quizzes.audit.forms",
]
API_MODULES = [
    "s2t_learn.api.serializers",
    "modules.api",
    "quizzes.assessment.rounds.api",
    "quizzes.assessment.results.api",
    "quizzes.assessment.responding.api",
    "quizzes.planning.recommendations.api",
    "quizzes.planning.completion.api",
    "quizzes.planning.targets.api",
    "quizzes.planning.comparison.api",
    "quizzes.planning.reports.api",
    "quizzes.audit.api",
    "quizzes.audit.api_serializers",
    "quizzes.knowledge.api_serializers",
]
HUGE = 2**70
CHECKS = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Run once per form or serializer (about 100 of them): fewer examples each, to keep the suite quick.
PER_CLASS = hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def classes_in(module_names, base):
    found = []
    for name in module_names:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == name:
                found.append(cls)
    return found


FORMS = classes_in(FORM_MODULES, forms.BaseForm)
SERIALIZERS = classes_in(API_MODULES, serializers.BaseSerializer)

# Everything hostile a form post can carry: any text (NUL and control characters included), numbers far
# beyond 64 bits written out, and dates with absurd years.
form_values = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=31)),
    st.integers(min_value=-HUGE, max_value=HUGE).map(str),
    st.integers(min_value=0, max_value=HUGE).map(lambda year: f"{year}-01-01"),
)
# And every JSON value, of any type, for the API.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-HUGE, max_value=HUGE)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.text(alphabet=st.characters(max_codepoint=31)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def leaves(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def assert_storable(data):
    """What validation lets through fits the database: no NUL in text, no integer beyond 64 bits signed."""
    for value in leaves(data):
        if isinstance(value, str):
            assert "\x00" not in value
        elif isinstance(value, int) and not isinstance(value, bool):
            assert -(2**63) <= value < 2**63


def free_form(serializer, name):
    """Answers of every question type arrive as free JSON, checked by the service for their question
    (and for control characters by InputGuardMiddleware before any view): not this test's business."""
    field = serializer.fields.get(name)
    child = getattr(field, "child", None)
    return isinstance(field, serializers.JSONField) or type(child).__name__ == "_UnvalidatedField"


def test_every_form_and_serializer_is_found():
    assert len(FORMS) >= 20 and len(SERIALIZERS) >= 60


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
@PER_CLASS
@given(data=st.data())
def test_forms_take_any_text_and_give_only_validation_errors(form_class, data):
    names = list(form_class.base_fields) + ["unexpected"]
    posted = data.draw(st.fixed_dictionaries({}, optional={name: form_values for name in names}))
    form = form_class(data=posted)
    if form.is_valid():
        assert_storable(form.cleaned_data)
    else:
        assert form.errors


@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=lambda c: f"{c.__module__}.{c.__name__}")
@PER_CLASS
@given(data=st.data())
def test_serializers_take_any_json_and_give_only_validation_errors(serializer_class, data):
    names = list(serializer_class().fields) + ["unexpected"]
    sent = data.draw(st.fixed_dictionaries({}, optional={name: json_values for name in names}))
    for partial in (False, True):
        serializer = serializer_class(data=sent, partial=partial)
        if serializer.is_valid():
            assert_storable(
                {name: value for name, value in serializer.validated_data.items() if not free_form(serializer, name)}
            )
        else:
            assert serializer.errors


@CHECKS
@given(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.text()), st.dictionaries(st.text(), st.text())
    )
)
def test_a_text_field_takes_only_text(value):
    with pytest.raises(serializers.ValidationError):
        strict.CharField().run_validation(value)


@CHECKS
@given(st.text().filter(lambda t: "\x00" not in t and t.strip()))
def test_text_round_trips(text):
    assert strict.CharField(trim_whitespace=False).run_validation(text) == text
    assert strict.CharField().run_validation(text) == text.strip()


@CHECKS
@given(st.integers(min_value=-HUGE, max_value=HUGE))
def test_an_integer_field_holds_the_database_range_and_refuses_the_rest(number):
    field = strict.IntegerField()
    if strict.DB_INT_MIN <= number <= strict.DB_INT_MAX:
        assert field.run_validation(number) == number
    else:
        with pytest.raises(serializers.ValidationError):
            field.run_validation(number)
    # The same number in quotes, as a fraction or a boolean is not an integer.
    for wrong in (str(number), number + 0.5, True):
        with pytest.raises(serializers.ValidationError):
            field.run_validation(wrong)


@CHECKS
@given(st.one_of(st.none(), st.integers(), st.text(), st.floats(allow_nan=False)))
def test_a_boolean_field_takes_only_true_or_false(value):
    field = strict.BooleanField()
    with pytest.raises(serializers.ValidationError):
        field.run_validation(value)
    assert field.run_validation(True) is True and field.run_validation(False) is False


@CHECKS
@given(
    st.text(min_size=1, max_size=150).filter(lambda t: "\x00" not in t and t.strip()),
    st.sampled_from(["social_work", "health", "education"]),
)
def test_a_profile_change_round_trips(full_name, sector):
    from s2t_learn.api.serializers import MeUpdateSerializer

    serializer = MeUpdateSerializer(data={"full_name": full_name, "sector": sector})
    if any(0xD800 <= ord(c) <= 0xDFFF for c in full_name):
        assert not serializer.is_valid()
        return
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"full_name": full_name.strip(), "sector": sector}


@CHECKS
@given(st.lists(st.text(max_size=12), min_size=1, max_size=2))
def test_page_size_is_one_whole_number_from_1_to_200_or_a_400(values):
    from django.http import QueryDict
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    query = QueryDict(mutable=True)
    query.setlist("page_size", values)
    request = Request(APIRequestFactory().get("/api/v1/modules/?" + query.urlencode()))
    good = len(values) == 1 and values[0].isascii() and values[0].isdigit() and 1 <= int(values[0]) <= 200
    if good:
        assert StandardPagination().get_page_size(request) == int(values[0])
    else:
        with pytest.raises(serializers.ValidationError):
            StandardPagination().get_page_size(request)


# ---------------------------------------------------------------- the same rules through real requests


def lead_api(people):
    api = APIClient()
    api.force_authenticate(people["assessment_lead"])
    return api


@pytest.mark.parametrize("team", [2**31, 10**30, -(2**40)])
def test_a_huge_team_id_in_a_body_is_a_400_not_a_500(people, site_pages, team):
    response = lead_api(people).post(
        "/api/v1/organisations/northtown-service/rounds/", {"title": "Spring", "team": team}, format="json"
    )
    assert response.status_code == 400
    assert "team" in response.json()["error"]["fields"]


@pytest.mark.parametrize("full_name", [0, 1.5, True, ["a"], {"a": "b"}])
def test_a_number_where_text_belongs_is_refused(people, full_name):
    api = APIClient()
    api.force_authenticate(people["learner"])
    response = api.patch("/api/v1/me/", {"full_name": full_name}, format="json")
    assert response.status_code == 400
    assert "full_name" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "query", ["page_size=null", "page_size=0", "page_size=201", "page_size=5&page_size=5", "page=abc", "page=0"]
)
def test_bad_paging_is_a_400_with_the_json_error(people, site_pages, query):
    response = lead_api(people).get(f"/api/v1/organisations/northtown-service/rounds/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_a_page_past_the_end_is_a_404(people, site_pages):
    response = lead_api(people).get("/api/v1/organisations/northtown-service/rounds/?page=2")
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_a_form_encoded_body_is_refused_as_the_schema_says_json(people):
    api = APIClient()
    api.force_authenticate(people["learner"])
    response = api.patch("/api/v1/me/", {"full_name": "Sam"}, format="multipart")
    assert response.status_code == 415
