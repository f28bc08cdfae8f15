"""Every API response is rendered by the serializer the schema names for its status (issue 14).

For each operation under /api/v1/ a real request is made, once as a role that succeeds and once as a
role that is refused. DRF's ReturnDict and ReturnList keep the serializer that made them, so the test
compares `response.data.serializer` with what drf-spectacular reads from the view's `extend_schema` for
that method and status: a hand-built dict has no serializer and fails. Refusals must be rendered by the
error serializer the schema names for that status, and the status must be one the schema lists.

The requests come from the access matrix (tests/access/matrix.py), which has a row for every route,
plus WRITES below for the methods the matrix does not try.
"""

import functools

import pytest
from django.urls import resolve, reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from tests.access.matrix import (
    ROWS,
    SURVEY_KEYS,
    Row,
    audit,
    audit_kwargs,
    item_kwargs,
    slug,
    unread_file_kwargs,
)
from tests.access.test_access_matrix import access_context  # noqa: F401 - the fixture the rows need
from tests.quizzes.audit_helpers import ratings

# Not converted yet (issue 14 continues): modules that still answer with dicts. Their rows are xfail
# until they do; no module may join them.
PENDING_MODULES = ()

# Not serializer-rendered by design: the schema document, its browsable page, and a report's file.
NOT_SERIALIZED = {"api_schema", "api_docs", "api_report_download"}


def _lead_round(ctx, key, *, anonymous=True, closed=False):
    """A round of the organisation besides the access matrix's (named, open) one, made once per test."""
    if key not in ctx:
        from quizzes.assessment.rounds import services as round_services
        from s2t_learn.models import Membership, Role
        from s2t_learn.selectors import membership_for

        organisation = ctx["organisation"]
        lead = Membership.objects.filter(organisation=organisation, role=Role.ASSESSMENT_LEAD).first().user
        ctx[key] = round_services.open_round(
            membership=membership_for(lead, organisation.slug), title="Another round", is_anonymous=anonymous
        )
        if closed:
            round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=ctx[key].pk)
    return {**slug(ctx), "round_id": ctx[key].pk}


def round_kwargs(ctx):
    return {**slug(ctx), "round_id": ctx["round"].pk}


# Methods the access matrix does not try, each with a role that may; and, for the matrix's rows that no
# role can carry out on its round (extending or converting a named open round: 409), a round they can.
WRITES = [
    Row(
        "api_targets",
        {"assessment_lead": 200, "learner": 403},
        method="put",
        kwargs=slug,
        data={"targets": {}},
        api=True,
    ),
    Row(
        "api_action_items",
        {"assessment_lead": 201, "learner": 403},
        method="post",
        kwargs=slug,
        data={"outcome": "Plans name what he must stop.", "action": "Add a prompt to the plan template."},
        api=True,
    ),
    Row("api_action_item", {"assessment_lead": 200, "learner": 403}, kwargs=item_kwargs, api=True),
    Row("api_action_item", {"assessment_lead": 204, "learner": 403}, method="delete", kwargs=item_kwargs, api=True),
    Row(
        "api_reports",
        {"assessment_lead": 202, "learner": 403},
        method="post",
        kwargs=slug,
        data={"kind": "plan_pdf"},
        api=True,
    ),
    Row("api_me", {"learner": 200, "anonymous": 401}, method="patch", data={"first_name": "Ada"}, api=True),
    Row("api_organisations", {"learner": 201, "anonymous": 401}, method="post", data={"name": "Eastshire"}, api=True),
    Row("api_teams", {"org_admin": 201, "learner": 403}, method="post", kwargs=slug, data={"name": "Blue"}, api=True),
    Row(
        "api_team",
        {"org_admin": 204, "learner": 403},
        method="delete",
        kwargs=lambda ctx: {**slug(ctx), "team_id": ctx["team"].pk},
        api=True,
    ),
    Row(
        "api_invitations",
        {"org_admin": 201, "learner": 403},
        method="post",
        kwargs=slug,
        data={"email": "later@example.org", "role": "learner"},
        api=True,
    ),
    Row(
        "api_member",
        {"org_admin": 200, "learner": 403},
        method="patch",
        kwargs=lambda ctx: {**slug(ctx), "membership_id": ctx["learner_membership"].pk},
        data={"role": "assessment_lead"},
        api=True,
    ),
    Row(
        "api_member",
        {"org_admin": 204, "learner": 403},
        method="delete",
        kwargs=lambda ctx: {**slug(ctx), "membership_id": ctx["learner_membership"].pk},
        api=True,
    ),
    Row(
        "api_attempt",
        {"learner": 200, "other_org": 404},
        method="put",
        kwargs=lambda ctx: {"attempt_id": ctx["fresh_attempt"].pk},
        data={"flagged": {}},
        api=True,
    ),
    Row(
        "api_reflective_answer",
        {"learner": 204, "anonymous": 401},
        method="delete",
        kwargs=lambda ctx: {"lesson_id": ctx["lesson"].pk, "block_id": ctx["block_id"]},
        api=True,
    ),
    Row(
        "api_pathway_plan",
        {"learner": 200, "anonymous": 401},
        method="put",
        kwargs=lambda ctx: {"slug": "schools"},
        data={"text": "Read one lesson a week."},
        api=True,
    ),
    Row(
        "api_org_assignments",
        {"assessment_lead": 201, "learner": 403},
        method="post",
        kwargs=slug,
        data={"module": "MODULE"},
        api=True,
    ),
    Row(
        "api_audits",
        {"assessment_lead": 201, "learner": 403},
        method="post",
        kwargs=lambda ctx: (audit(ctx), slug(ctx))[1],  # the audit's measures are published with it
        data={"title": "Spring audit", "groups": ["North"]},
        api=True,
    ),
    Row(
        "api_audit_readers",
        {"assessment_lead": 201, "learner": 403},
        method="post",
        kwargs=audit_kwargs,
        data=lambda ctx: {"user": ctx["organisation"].memberships.get(role="org_admin").user_id, "background": "Law"},
        api=True,
    ),
    Row(
        "api_audit_files",
        {"assessment_lead": 201, "learner": 403},
        method="post",
        kwargs=audit_kwargs,
        data=lambda ctx: {
            "reference": "F-09",
            "group": audit(ctx)["audit"].groups[0],
            "readers": sorted(audit(ctx)["audit"].readers.values_list("pk", flat=True)),
        },
        api=True,
    ),
    Row(
        "api_audit_reading",
        {"learner": 200, "org_admin": 404},
        method="put",
        kwargs=unread_file_kwargs,
        data=lambda ctx: {"ratings": ratings("partially"), "send": False},
        api=True,
    ),
    Row(
        "api_audit_reports",
        {"assessment_lead": 202, "learner": 403},
        method="post",
        kwargs=audit_kwargs,
        data={"kind": "audit_csv"},
        api=True,
    ),
    Row(
        "api_rounds",
        {"assessment_lead": 201, "learner": 403},
        method="post",
        kwargs=slug,
        data={"title": "Spring 2027 self-assessment", "is_anonymous": False},
        api=True,
    ),
    Row(
        "api_round_extend",
        {"assessment_lead": 200, "learner": 403},
        method="post",
        kwargs=lambda ctx: _lead_round(ctx, "too_few", closed=True),
        data={"closes_on": None},
        api=True,
    ),
    Row(
        "api_round_convert",
        {"assessment_lead": 200, "learner": 403},
        method="post",
        kwargs=lambda ctx: _lead_round(ctx, "anonymous_open"),
        api=True,
    ),
    Row(
        "api_round_agreed",
        {"assessment_lead": 204, "learner": 403},
        method="delete",
        kwargs=lambda ctx: {**round_kwargs(ctx), "statement_key": ctx["statement_key"]},
        api=True,
    ),
    Row(
        "api_round_response",
        {"assessment_lead": 404, "learner": 200},
        method="put",
        kwargs=lambda ctx: {"round_id": ctx["round"].pk},
        data={"answers": {"pattern-d1": {"value": "no", "note": "Seen in two of the files read."}}},
        api=True,
    ),
    Row(
        "api_measure_stage",
        {"learner": 201, "anonymous": 401},
        method="post",
        kwargs=lambda ctx: {"stage": "before"},
        data={"ratings": dict.fromkeys(SURVEY_KEYS, 3)},
        api=True,
    ),
]


@functools.cache
def operations():
    """{(view class, HTTP method): {status: what the schema names}}, as drf-spectacular builds the
    committed schema (its AutoSchema reading the view's `extend_schema`)."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found = {}
    for _path, _regex, method, callback in generator.endpoints:
        view = generator.create_view(callback, method)
        found[(callback.cls, method)] = view.schema.get_response_serializers()
    return found


def named(entry):
    """What a schema response entry names: (serializer class, many), or None for no body."""
    if isinstance(entry, OpenApiResponse):
        entry = entry.response
    if entry is None:
        return None
    if isinstance(entry, serializers.ListSerializer):
        return type(entry.child), True
    if isinstance(entry, serializers.BaseSerializer):
        return type(entry), False
    return entry, False


def rendered_by(view, data):
    """The serializer that rendered a response body: (class, many), or None when nothing did."""
    if data is None:
        return None
    if isinstance(data, dict) and "results" in data and getattr(view, "pagination_class", None):
        data = data["results"]  # a page: the items are the serializer's, the envelope the paginator's
    serializer = getattr(data, "serializer", None)
    if serializer is None:
        return "a hand-built body"
    if isinstance(serializer, serializers.ListSerializer):
        return type(serializer.child), True
    return type(serializer), False


def _succeeds(row):
    return any(isinstance(code, int) and 200 <= code < 300 for code in row.expect.values())


def api_rows():
    """The matrix's API rows in which some role succeeds, and WRITES."""
    rows = [row for row in ROWS if row.api and row.name not in NOT_SERIALIZED and _succeeds(row)]
    return rows + WRITES


def is_pending(row):
    path = reverse(row.name, kwargs=dict.fromkeys(_kwarg_names(row.name), "1")) if _kwarg_names(row.name) else None
    view = resolve(path or reverse(row.name)).func.cls
    return view.__module__.startswith(PENDING_MODULES)


@functools.cache
def _kwarg_names(name):
    from django.urls import get_resolver

    possibilities = get_resolver().reverse_dict.getlist(name)
    return tuple(possibilities[0][0][0][1]) if possibilities else ()


def _param(row):
    marks = [pytest.mark.xfail(strict=False, reason="converted on the s20-planning branch")] if is_pending(row) else []
    return pytest.param(row, marks=marks, id=f"{row.name}-{row.method}")


@pytest.fixture
def api_context(access_context, people):  # noqa: F811 - the imported fixture
    from quizzes.knowledge import services as quiz_services

    access_context["fresh_attempt"] = quiz_services.start_attempt(people["learner"], access_context["quiz"])
    return access_context


def _request(client, people, row, role, ctx):
    client.logout()
    if role != "anonymous":
        client.force_login(people[role])
    params = row.kwargs(ctx) if row.kwargs else None
    url = reverse(row.name, args=params) if isinstance(params, list) else reverse(row.name, kwargs=params)
    data = row.data(ctx) if callable(row.data) else row.data
    data = {k: (ctx["module"].pk if v == "MODULE" else v) for k, v in data.items()}
    send = getattr(client, row.method)
    response = send(url, data=data, content_type="application/json") if row.method != "get" else send(url)
    return url, response


def _case(row, ok):
    for role, code in row.expect.items():
        if isinstance(code, int) and (200 <= code < 300) == ok:
            return role, code
    return None


@pytest.mark.parametrize("row", [_param(row) for row in api_rows()])
def test_response_is_rendered_by_the_schema_serializer(client, people, api_context, row):
    refused = _case(row, ok=False)
    success = _case(row, ok=True)
    assert success, f"{row.name} {row.method}: no role succeeds"
    url = reverse(row.name, kwargs=row.kwargs(api_context)) if row.kwargs else reverse(row.name)
    view_cls = resolve(url).func.cls
    responses = operations()[(view_cls, row.method.upper())]

    if refused:  # first, before the success changes anything
        role, code = refused
        _url, response = _request(client, people, row, role, api_context)
        assert response.status_code == code, (row.name, role, response.status_code)
        assert code in responses, f"{row.name} {row.method} answers {code}, which its schema does not list"
        assert rendered_by(view_cls, response.data) == named(responses[code])

    role, code = success
    _url, response = _request(client, people, row, role, api_context)
    assert response.status_code == code, (row.name, role, response.status_code, getattr(response, "data", None))
    assert code in responses, f"{row.name} {row.method} answers {code}, which its schema does not list"
    assert rendered_by(view_cls, response.data) == named(responses[code]), (row.name, row.method)


def test_every_api_operation_is_tried():
    tried = set()
    for row in api_rows() + [row for row in ROWS if row.api and row.name in NOT_SERIALIZED]:
        names = _kwarg_names(row.name)
        url = reverse(row.name, kwargs=dict.fromkeys(names, "1")) if names else reverse(row.name)
        tried.add((resolve(url).func.cls, row.method.upper()))
    missing = sorted(
        f"{method} {cls.__module__}.{cls.__name__}"
        for cls, method in operations()
        if (cls, method) not in tried
        and cls.__module__.startswith(("s2t_learn.api.views", "modules.", "quizzes."))
        and not cls.__module__.startswith(PENDING_MODULES)
    )
    assert not missing, f"Add a row to WRITES for: {missing}"
