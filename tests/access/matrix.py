"""The access matrix: for every named non-admin route, what each role gets.

Every route in the URL configuration needs a row here (test_every_route_has_a_row fails otherwise),
so each new feature must say who may use it. Roles:

    anonymous, learner, assessment_lead, org_admin  - of the organisation the URL is about
    other_org  - an admin of a different organisation (must get 404 for this one's objects)
    editor     - a Wagtail editor with no membership
    superuser  - a site superuser with no membership

Expected values are HTTP status codes, or LOGIN for a redirect to the sign-in page.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from s2t_learn.selectors import membership_for

LOGIN = "login"
SURVEY_KEYS = [
    item["key"]
    for item in yaml.safe_load((Path(__file__).resolve().parents[2] / "quizzes/content/measure.yaml").read_text())[
        "items"
    ]
]
ROLES = ["anonymous", "learner", "assessment_lead", "org_admin", "other_org", "editor", "superuser"]

# Route prefixes with no rows: the Wagtail and Django admins (their own permission systems).
EXEMPT_PREFIXES = ("admin/", "django-admin/")


def everyone(code):
    return dict.fromkeys(ROLES, code)


def signed_in(code, anonymous=LOGIN):
    return {**everyone(code), "anonymous": anonymous}


def members_only(code, anonymous=LOGIN):
    """Any member may; non-members cannot tell the organisation exists."""
    return {
        "anonymous": anonymous,
        "learner": code,
        "assessment_lead": code,
        "org_admin": code,
        "other_org": 404,
        "editor": 404,
        "superuser": 404,
    }


def admins_only(code, anonymous=LOGIN):
    """Organisation admins may; other members are refused; non-members get 404."""
    return {**members_only(code, anonymous), "learner": 403, "assessment_lead": 403}


def leads_only(code, anonymous=LOGIN):
    """Assessment leads and admins may; learners are refused; non-members get 404."""
    return {**members_only(code, anonymous), "learner": 403}


@dataclass
class Row:
    name: str
    expect: dict
    method: str = "get"
    kwargs: object = None  # a function of the context, returning URL kwargs (a dict) or args (a list)
    data: dict = field(default_factory=dict)
    api: bool = False


def slug(ctx):
    return {"slug": ctx["organisation"].slug}


def planning(ctx):
    """Action-planning objects, made once per test: a closed round and the next one started from it, a
    recommendation with learning, an action item, a finished report and an unsubscribe token."""
    if "planning" not in ctx:
        from quizzes.models import Recommendation, ReportJob
        from quizzes.planning.reports import reminders
        from quizzes.planning.reports import services as report_services
        from quizzes.planning.targets import services as target_services
        from tests.quizzes.planning_helpers import closed_round

        organisation, admin = ctx["organisation"], ctx["round"].opened_by
        closed = closed_round(admin, organisation, {"pattern": "neglectful"}, title="Closed round", respondents=1)
        recommendation = Recommendation(
            key="acc-rec", domain_key="pattern", level="neglectful", title="A step", action="Do it"
        )
        recommendation.modules = [ctx["module"]]
        recommendation.save()
        job = ReportJob.objects.create(
            organisation=organisation,
            kind="plan_pdf",
            status="done",
            content=b"%PDF-1.7",
            filename="plan.pdf",
            content_type="application/pdf",
        )
        ctx["planning"] = {
            "closed": closed,
            "next": report_services.start_reassessment(
                membership=membership_for(admin, organisation.slug),
                round_id=closed.pk,
                title="Next",
                invite_previous=False,
            ),
            "item": target_services.create_action_item(
                membership=membership_for(admin, organisation.slug), data={"outcome": "o", "action": "a"}
            ),
            "job": job,
            "token": report_services.download_token(job),
            "unsubscribe": reminders.unsubscribe_token(ctx["learner_membership"].user_id, "assignment_overdue"),
        }
    return ctx["planning"]


def closed_round_kwargs(ctx):
    return {**slug(ctx), "round_id": planning(ctx)["closed"].pk}


def next_round_kwargs(ctx):
    return {**slug(ctx), "round_id": planning(ctx)["next"].pk}


def step_kwargs(ctx):
    return {**closed_round_kwargs(ctx), "key": "acc-rec"}


def item_kwargs(ctx):
    return {**slug(ctx), "item_id": planning(ctx)["item"].pk}


def job_kwargs(ctx):
    return {**slug(ctx), "job_id": planning(ctx)["job"].pk}


def download_kwargs(ctx):
    return {**job_kwargs(ctx), "token": planning(ctx)["token"]}


def audit(ctx):
    """A case-file audit read by the learner and the assessment lead: one file neither has sent, and one
    both have sent, rated differently on one measure."""
    if "audit" not in ctx:
        from s2t_learn.models import Membership, Role
        from tests.quizzes.audit_helpers import add_file, make_audit, read

        organisation = ctx["organisation"]
        members = Membership.objects.filter(organisation=organisation).select_related("user")
        by_role = {m.role: m.user for m in members}
        learner, lead = by_role[Role.LEARNER], by_role[Role.ASSESSMENT_LEAD]
        audit_, a, b = make_audit(lead, organisation, learner, lead)
        unread = add_file(lead, audit_, a, b, "F-01")
        both = add_file(lead, audit_, a, b, "F-02")
        read(learner, audit_, both, "fully")
        read(lead, audit_, both, "fully", child_plan="partially")
        ctx["audit"] = {"audit": audit_, "unread": unread, "both": both}
    return ctx["audit"]


def audit_kwargs(ctx):
    return {**slug(ctx), "audit_id": audit(ctx)["audit"].pk}


def unread_file_kwargs(ctx):
    return {**audit_kwargs(ctx), "file_id": audit(ctx)["unread"].pk}


def agree_kwargs(ctx):
    return {**audit_kwargs(ctx), "file_id": audit(ctx)["both"].pk, "measure_key": "child-plan"}


# The file's two readers (the learner and the assessment lead); the admin leads but does not read it.
READERS_ONLY = {**everyone(404), "anonymous": LOGIN, "learner": 200, "assessment_lead": 200}
PAIR_OR_LEAD = {**READERS_ONLY, "org_admin": 200}


ROWS = [
    Row("healthz", everyone(200)),
    Row("readyz", everyone(200)),
    Row("wagtail_serve", everyone(200), kwargs=lambda ctx: [""]),
    Row("wagtaildocs_serve", everyone(404), kwargs=lambda ctx: [999999, "x.pdf"]),
    Row("wagtaildocs_authenticate_with_password", everyone(404), kwargs=lambda ctx: {"restriction_id": 999999}),
    Row(
        "wagtailcore_authenticate_with_password",
        everyone(404),
        kwargs=lambda ctx: {"page_view_restriction_id": 999999, "page_id": 999999},
    ),
    Row("wagtailcore_login", everyone(200)),
    # Accounts (django-allauth). Signed-in people are sent on from the sign-in and sign-up pages.
    Row("account_login", {**everyone(302), "anonymous": 200}),
    Row("account_signup", {**everyone(302), "anonymous": 200}),
    Row("account_logout", {**everyone(200), "anonymous": 302}),
    Row("account_inactive", everyone(200)),
    Row("account_reauthenticate", signed_in(200)),
    Row("account_email", signed_in(200)),
    Row("account_email_verification_sent", everyone(200)),
    Row("account_confirm_email", everyone(200), kwargs=lambda ctx: {"key": "not-a-real-key"}),
    Row("account_change_password", signed_in(200)),
    Row("account_set_password", {**signed_in(302)}),
    Row("account_reset_password", everyone(200)),
    Row("account_reset_password_done", everyone(200)),
    Row("account_reset_password_from_key", everyone(200), kwargs=lambda ctx: {"uidb36": "zz", "key": "not-a-key"}),
    Row("account_reset_password_from_key_done", everyone(200)),
    Row("account_confirm_login_code", everyone(302)),
    # Two-step sign-in (allauth.mfa): each person's own. Nobody here has set it up, so there is nothing
    # to turn off or show (404), and changes ask for the password again first (302).
    Row("mfa_index", signed_in(200)),
    Row("mfa_authenticate", signed_in(302)),  # the signed-in are sent on to their learning
    Row("mfa_reauthenticate", signed_in(302)),
    Row("mfa_activate_totp", signed_in(302)),
    Row("mfa_deactivate_totp", signed_in(404)),
    Row("mfa_view_recovery_codes", signed_in(404)),
    Row("mfa_generate_recovery_codes", signed_in(302)),
    Row("mfa_download_recovery_codes", signed_in(404)),
    # Profile and personal API tokens: each person's own.
    Row("profile", signed_in(200)),
    Row("profile_token_create", signed_in(200), method="post", data={"name": "", "scope": "read"}),
    Row(
        "profile_token_revoke",
        {**signed_in(404), "learner": 302},
        method="post",
        kwargs=lambda ctx: {"token_key": ctx["learner_token"].token_key},
    ),
    # Organisations
    Row("organisation_list", signed_in(200)),
    Row("organisation_create", signed_in(200)),
    Row("organisation_detail", members_only(200), kwargs=slug),
    Row("organisation_leave", members_only(200), kwargs=slug),
    Row("organisation_members", admins_only(200), kwargs=slug),
    Row("organisation_settings", admins_only(200), kwargs=slug),
    Row(
        "organisation_member_update",
        admins_only(302),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "membership_id": ctx["learner_membership"].pk},
    ),
    Row(
        "organisation_member_remove",
        admins_only(302),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "membership_id": ctx["learner_membership"].pk},
    ),
    Row("organisation_teams", admins_only(200), kwargs=slug),
    Row("organisation_activity", admins_only(200), kwargs=slug),
    Row(
        "organisation_team_delete",
        admins_only(302),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "team_id": ctx["team"].pk},
    ),
    Row("organisation_invitations", admins_only(200), kwargs=slug),
    Row(
        "organisation_invitation_revoke",
        admins_only(302),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "invitation_id": ctx["invitation"].pk},
    ),
    Row("organisation_join_links", admins_only(200), kwargs=slug),
    Row(
        "organisation_join_link_revoke",
        admins_only(302),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "link_id": ctx["join_link"].pk},
    ),
    # Joining: anyone holding a valid token sees whom it is for; joining itself needs an account.
    Row("accept_invitation", everyone(200), kwargs=lambda ctx: {"token": ctx["invitation_token"]}),
    Row("use_join_link", everyone(200), kwargs=lambda ctx: {"token": ctx["join_link"].token}),
    # Learning: lessons are public; progress and written answers are each learner's own.
    Row("my_learning", signed_in(200)),
    Row("profile_my_data", signed_in(200)),
    Row("profile_delete", signed_in(200)),
    Row("lesson_search", everyone(200)),
    Row("pathway_detail", everyone(200), kwargs=lambda ctx: {"slug": "schools"}),
    Row("module_summary_pdf", everyone(200), kwargs=lambda ctx: {"slug": "schools"}),
    Row("pathway_plan_print", signed_in(200), kwargs=lambda ctx: {"slug": "schools"}),
    Row("api_pathway_plan", signed_in(200, anonymous=401), kwargs=lambda ctx: {"slug": "schools"}, api=True),
    Row("lesson_complete", signed_in(302), method="post", kwargs=lambda ctx: {"lesson_id": ctx["lesson"].pk}),
    Row(
        "lesson_answer",
        signed_in(302),
        method="post",
        kwargs=lambda ctx: {"lesson_id": ctx["lesson"].pk, "block_id": ctx["block_id"]},
        data={"text": "A private reflection"},
    ),
    Row("organisation_assignments", leads_only(200), kwargs=slug),
    Row(
        "organisation_assignment_delete",
        leads_only(302),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "assignment_id": ctx["assignment"].pk},
    ),
    Row("api_modules", everyone(200), api=True),
    Row("api_module", everyone(200), kwargs=lambda ctx: {"module_id": ctx["module"].pk}, api=True),
    Row("api_lesson", everyone(200), kwargs=lambda ctx: {"lesson_id": ctx["lesson"].pk}, api=True),
    Row("api_progress", signed_in(200, anonymous=401), api=True),
    Row("api_my_modules", signed_in(200, anonymous=401), api=True),
    Row(
        "api_lesson_progress",
        signed_in(200, anonymous=401),
        method="put",
        kwargs=lambda ctx: {"lesson_id": ctx["lesson"].pk},
        data={"section": "block-x"},
        api=True,
    ),
    Row("api_reflective_answers", signed_in(200, anonymous=401), api=True),
    Row(
        "api_reflective_answer",
        signed_in(200, anonymous=401),
        method="put",
        kwargs=lambda ctx: {"lesson_id": ctx["lesson"].pk, "block_id": ctx["block_id"]},
        data={"text": "draft"},
        api=True,
    ),
    Row("api_my_assignments", signed_in(200, anonymous=401), api=True),
    Row("api_org_assignments", leads_only(200, anonymous=401), kwargs=slug, api=True),
    Row(
        "api_org_assignment",
        leads_only(204, anonymous=401),
        method="delete",
        kwargs=lambda ctx: {**slug(ctx), "assignment_id": ctx["assignment"].pk},
        api=True,
    ),
    # Knowledge quizzes and certificates: attempts and certificate files are each learner's own.
    Row("attempt", {**signed_in(404), "learner": 302}, kwargs=lambda ctx: {"attempt_id": ctx["attempt"].pk}),
    Row("attempt_finish", {**signed_in(404), "learner": 302}, kwargs=lambda ctx: {"attempt_id": ctx["attempt"].pk}),
    Row("attempt_result", {**signed_in(404), "learner": 200}, kwargs=lambda ctx: {"attempt_id": ctx["attempt"].pk}),
    Row("quiz_try", everyone(302), kwargs=lambda ctx: {"quiz_id": ctx["quiz"].pk}),
    Row("my_certificates", signed_in(200)),
    Row(
        "certificate_file",
        {**signed_in(404), "learner": 200},
        kwargs=lambda ctx: {"code": ctx["certificate"].code, "kind": "badge"},
    ),
    Row("certificate_verify", everyone(200), kwargs=lambda ctx: {"code": ctx["certificate"].code}),
    Row("certificate_verify_form", everyone(200)),
    # Open Badges 2.0 hosted documents: public by design (verifiers fetch them), nothing personal in clear.
    Row("badge_assertion", everyone(200), kwargs=lambda ctx: {"code": ctx["certificate"].code}),
    Row("badge_issuer", everyone(200)),
    Row("badge_class", everyone(200), kwargs=lambda ctx: {"slug": f"module-{ctx['module'].slug}"}),
    Row("badge_class_image", everyone(200), kwargs=lambda ctx: {"slug": f"module-{ctx['module'].slug}"}),
    Row(
        "api_quiz_start",
        signed_in(201, anonymous=401),
        method="post",
        kwargs=lambda ctx: {"quiz_id": ctx["quiz"].pk},
        api=True,
    ),
    Row(
        "api_attempt",
        {**signed_in(404, anonymous=401), "learner": 200},
        kwargs=lambda ctx: {"attempt_id": ctx["attempt"].pk},
        api=True,
    ),
    Row(
        "api_attempt_submit",
        {**signed_in(404, anonymous=401), "learner": 200},
        method="post",
        kwargs=lambda ctx: {"attempt_id": ctx["attempt"].pk},
        api=True,
    ),
    Row(
        "api_attempt_result",
        {**signed_in(404, anonymous=401), "learner": 200},
        kwargs=lambda ctx: {"attempt_id": ctx["attempt"].pk},
        api=True,
    ),
    Row("api_certificate_verify", everyone(200), kwargs=lambda ctx: {"code": ctx["certificate"].code}, api=True),
    # The before-and-after measure: ratings are each learner's own; organisations see only cohorts of 5+.
    Row("my_measure", signed_in(200)),
    Row("measure_stage", signed_in(200), kwargs=lambda ctx: {"stage": "before"}),
    Row("organisation_measure", admins_only(200), kwargs=slug),
    Row("api_my_measure", signed_in(200, anonymous=401), api=True),
    Row(
        "api_measure_stage",
        signed_in(201, anonymous=401),
        method="post",
        kwargs=lambda ctx: {"stage": "before"},
        data={"ratings": dict.fromkeys(SURVEY_KEYS, 3)},
        api=True,
    ),
    Row("api_cohort_measure", admins_only(200, anonymous=401), kwargs=slug, api=True),
    # Self-assessment: leads run rounds; respondents answer only their own response.
    Row("round_list", leads_only(200), kwargs=slug),
    Row("round_manage", leads_only(200), kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk}),
    Row("round_close", leads_only(302), method="post", kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk}),
    Row("round_results", leads_only(200), kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk}),
    Row(
        "round_area",
        leads_only(200),
        kwargs=lambda ctx: {
            **slug(ctx),
            "round_id": ctx["round"].pk,
            "domain_key": ctx["round"].snapshot["domains"][0]["key"],
        },
    ),
    Row(
        "round_moderate",
        leads_only(200),
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk, "statement_key": ctx["statement_key"]},
    ),
    # The learner is the invited respondent; everyone else cannot tell the round exists.
    Row("round_respond", {**signed_in(404), "learner": 200}, kwargs=lambda ctx: {"round_id": ctx["round"].pk}),
    Row("round_review", {**signed_in(404), "learner": 200}, kwargs=lambda ctx: {"round_id": ctx["round"].pk}),
    Row("round_thanks", {**signed_in(404), "learner": 200}, kwargs=lambda ctx: {"round_id": ctx["round"].pk}),
    Row("round_invitation", {**signed_in(404), "anonymous": 200}, kwargs=lambda ctx: {"token": "not-a-token"}),
    # Only members may take part: anyone else who holds the round's link is refused (or offered a join link).
    Row(
        "round_join",
        {**signed_in(403), "anonymous": 200, "learner": 302, "assessment_lead": 302, "org_admin": 302},
        kwargs=lambda ctx: {"token": ctx["round"].link_token},
    ),
    Row("round_remind", leads_only(302), method="post", kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk}),
    Row("round_extend", leads_only(302), method="post", kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk}),
    Row("round_convert", leads_only(302), method="post", kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk}),
    Row("api_rounds", leads_only(200, anonymous=401), kwargs=slug, api=True),
    Row(
        "api_round",
        leads_only(200, anonymous=401),
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_close",
        leads_only(200, anonymous=401),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_remind",
        leads_only(200, anonymous=401),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_close_date",
        leads_only(200, anonymous=401),
        method="put",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        data={"closes_on": None, "close_on_date": False},
        api=True,
    ),
    Row(
        "api_round_extend",
        leads_only(409, anonymous=401),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        data={"closes_on": None},
        api=True,
    ),
    Row(
        "api_round_convert",
        leads_only(409, anonymous=401),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_invitations",
        leads_only(201, anonymous=401),
        method="post",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        data={"email": "new.respondent@example.org"},
        api=True,
    ),
    Row(
        "api_round_results",
        leads_only(200, anonymous=401),
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_agreed",
        leads_only(200, anonymous=401),
        method="put",
        kwargs=lambda ctx: {**slug(ctx), "round_id": ctx["round"].pk, "statement_key": ctx["statement_key"]},
        data={"value": "no", "reason": "Agreed at the team meeting"},
        api=True,
    ),
    Row(
        "api_round_statements",
        {**signed_in(404, anonymous=401), "learner": 200},
        kwargs=lambda ctx: {"round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_response",
        {**signed_in(404, anonymous=401), "learner": 200},
        kwargs=lambda ctx: {"round_id": ctx["round"].pk},
        api=True,
    ),
    Row(
        "api_round_submit",
        {**signed_in(404, anonymous=401), "learner": 200},
        method="post",
        kwargs=lambda ctx: {"round_id": ctx["round"].pk},
        api=True,
    ),
    # Action planning: next steps, targets, the plan, comparison and reports are for the organisation's
    # leads and admins; another organisation cannot tell them exist. Unsubscribing needs only the signed link.
    Row(
        "planning_assign",
        leads_only(302),
        method="post",
        kwargs=step_kwargs,
        data={"assign-acc-rec-audience": "", "assign-acc-rec-due_date": "2099-01-01"},
    ),
    Row("planning_add_to_plan", leads_only(302), method="post", kwargs=step_kwargs),
    Row("planning_next_steps", leads_only(200), kwargs=closed_round_kwargs),
    Row("planning_compare", leads_only(200), kwargs=next_round_kwargs),
    Row("planning_reassess", leads_only(200), kwargs=closed_round_kwargs),
    Row("planning_plan", leads_only(200), kwargs=slug),
    Row("planning_targets", leads_only(200), kwargs=slug),
    Row("planning_item_new", leads_only(200), kwargs=slug),
    Row("planning_item_edit", leads_only(200), kwargs=item_kwargs),
    Row("planning_item_delete", leads_only(200), kwargs=item_kwargs),
    Row("planning_assignments", leads_only(200), kwargs=slug),
    Row("planning_reports", leads_only(200), kwargs=slug),
    Row("planning_report", leads_only(200), kwargs=job_kwargs),
    Row("planning_report_download", leads_only(200), kwargs=download_kwargs),
    Row("planning_unsubscribe", everyone(200), kwargs=lambda ctx: {"token": planning(ctx)["unsubscribe"]}),
    Row("api_round_recommendations", leads_only(200, anonymous=401), kwargs=closed_round_kwargs, api=True),
    Row(
        "api_recommendation_assignments",
        leads_only(201, anonymous=401),
        method="post",
        kwargs=step_kwargs,
        data={"due_date": "2099-01-01"},
        api=True,
    ),
    Row("api_round_comparison", leads_only(200, anonymous=401), kwargs=next_round_kwargs, api=True),
    Row(
        "api_round_reassess",
        leads_only(201, anonymous=401),
        method="post",
        kwargs=closed_round_kwargs,
        data={"title": "Round three", "invite_previous": False},
        api=True,
    ),
    Row("api_assignment_completion", leads_only(200, anonymous=401), kwargs=slug, api=True),
    Row("api_targets", leads_only(200, anonymous=401), kwargs=slug, api=True),
    Row("api_action_items", leads_only(200, anonymous=401), kwargs=slug, api=True),
    Row(
        "api_action_item",
        leads_only(200, anonymous=401),
        method="patch",
        kwargs=item_kwargs,
        data={"status": "in_progress"},
        api=True,
    ),
    Row("api_reports", leads_only(200, anonymous=401), kwargs=slug, api=True),
    Row("api_report", leads_only(200, anonymous=401), kwargs=job_kwargs, api=True),
    Row("api_report_download", leads_only(200, anonymous=401), kwargs=download_kwargs, api=True),
    # API v1: anonymous gets 401; another organisation's objects 404.
    Row("api_schema", everyone(200), api=True),
    Row("api_docs", everyone(200), api=True),
    Row("api_me", signed_in(200, anonymous=401), api=True),
    Row("api_organisations", signed_in(200, anonymous=401), api=True),
    Row("api_organisation", members_only(200, anonymous=401), kwargs=slug, api=True),
    Row("api_members", admins_only(200, anonymous=401), kwargs=slug, api=True),
    Row(
        "api_member",
        admins_only(200, anonymous=401),
        method="patch",
        kwargs=lambda ctx: {**slug(ctx), "membership_id": ctx["learner_membership"].pk},
        data={"role": "learner"},
        api=True,
    ),
    Row("api_teams", admins_only(200, anonymous=401), kwargs=slug, api=True),
    Row("api_activity", admins_only(200, anonymous=401), kwargs=slug, api=True),
    Row(
        "api_team",
        admins_only(204, anonymous=401),
        method="delete",
        kwargs=lambda ctx: {**slug(ctx), "team_id": ctx["team"].pk},
        api=True,
    ),
    Row("api_invitations", admins_only(200, anonymous=401), kwargs=slug, api=True),
    Row(
        "api_invitation",
        admins_only(200, anonymous=401),
        method="delete",
        kwargs=lambda ctx: {**slug(ctx), "invitation_id": ctx["invitation"].pk},
        api=True,
    ),
    # Case-file audits: leads set up and read results; readers see only their own files.
    Row("audit_list", members_only(200), kwargs=slug),
    Row("audit_manage", leads_only(200), kwargs=audit_kwargs),
    Row("audit_my_files", members_only(200), kwargs=audit_kwargs),
    Row("audit_read", READERS_ONLY, kwargs=unread_file_kwargs),
    Row("audit_agree", PAIR_OR_LEAD, kwargs=agree_kwargs),
    Row("audit_results", leads_only(200), kwargs=audit_kwargs),
    Row("audit_compare", leads_only(200), kwargs=audit_kwargs),
    Row("audit_report", leads_only(302), method="post", kwargs=audit_kwargs, data={"kind": "audit_csv"}),
    Row("api_audits", members_only(200, anonymous=401), kwargs=slug, api=True),
    Row("api_audit", members_only(200, anonymous=401), kwargs=audit_kwargs, api=True),
    Row("api_audit_readers", leads_only(200, anonymous=401), kwargs=audit_kwargs, api=True),
    Row("api_audit_files", members_only(200, anonymous=401), kwargs=audit_kwargs, api=True),
    Row("api_audit_reading", {**READERS_ONLY, "anonymous": 401}, kwargs=unread_file_kwargs, api=True),
    Row(
        "api_audit_agreement",
        {**PAIR_OR_LEAD, "anonymous": 401},
        method="put",
        kwargs=agree_kwargs,
        data={"value": "partially", "reason": "Agreed on a second reading."},
        api=True,
    ),
    Row("api_audit_results", leads_only(200, anonymous=401), kwargs=audit_kwargs, api=True),
    Row("api_audit_comparison", leads_only(200, anonymous=401), kwargs=audit_kwargs, api=True),
    Row(
        "api_audit_reports",
        leads_only(202, anonymous=401),
        method="post",
        kwargs=audit_kwargs,
        data={"kind": "audit_csv"},
        api=True,
    ),
]
