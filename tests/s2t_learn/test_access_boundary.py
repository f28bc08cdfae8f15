"""Organisation access is a boundary (issue 14): the checked membership crosses it, nothing else.

Every public function of a selectors or services module that takes an organisation, a team, a round or
an organisation's slug must also take the caller's checked `membership` (see s2t_learn/access.py), so
that no read or write of an organisation's data can be called without the check. A function that takes
one of those and checks nothing is private (a leading underscore), for its own module and its tests,
or lives in a package-private module (a module named with a leading underscore, such as
quizzes/assessment/_counted.py), which only its own package imports. The exceptions are listed in EXEMPT,
each with its reason.
"""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["s2t_learn", "modules", "quizzes"]
SCOPED_NAMES = {"organisation", "organisation_id", "org", "team", "team_id", "round", "round_", "round_id", "slug"}
SCOPED_TYPES = {"Organisation", "Team", "Round"}

# Not converted yet: no package. A module or package named here has its cases xfail; none may join.
PENDING: set[str] = set()

# "module.function": why it may take an organisation, team, round or slug without a membership.
EXEMPT = {
    "s2t_learn.selectors.membership_for": "The check itself: it turns (user, slug) into the checked membership.",
    "modules.selectors.pathway_by_slug": "A pathway's slug (public curriculum), not an organisation's.",
    "modules.selectors_api.my_plan": "A pathway's slug; the plan is the caller's own.",
    "modules.selectors_api.plan_shown": "A pathway's slug; shapes a plan already read for its owner.",
    "modules.services.save_pathway_plan": "A pathway's slug; the plan is the caller's own.",
    "quizzes.knowledge.selectors.badge_class": "A public badge's slug (Open Badges), not an organisation's.",
    "quizzes.assessment.selectors.results_for_respondent": (
        "A respondent's own invitation (from invitation_for), not a member's read of the organisation."
    ),
    # Typed `invitation: RoundInvitation`, so the rule sees a round (issue 14): each reads a respondent's own.
    "quizzes.assessment.selectors.my_answers": "A respondent's own invitation (from invitation_for): their answers.",
    "quizzes.assessment.selectors.my_answers_and_notes": (
        "A respondent's own invitation (from invitation_for): their answers and notes."
    ),
    "quizzes.assessment.selectors.my_response": "A respondent's own invitation (from invitation_for): their response.",
    "s2t_learn.mfa.organisation_reason": "The words of a message naming the organisation: it reads no data.",
    "modules.loader.upsert_page": "A lesson page's slug, from the curriculum files (public content).",
    "quizzes.knowledge.certificates.badge_class_document": "A public badge's slug (Open Badges).",
    "quizzes.knowledge.certificates.badge_class_for": "A public badge's slug (Open Badges).",
    "quizzes.assessment.demo.ensure_demo_rounds": "The demo organisation's slug: demo data made by load_demo.",
    "quizzes.audit.demo.ensure_demo_audits": "The demo organisation's slug: demo data made by load_demo.",
    "quizzes.planning.demo.ensure_demo_plan": "The demo organisation's slug: demo data made by load_demo.",
    "quizzes.assessment.selectors.invitation_for": (
        "The check for a respondent: the signed-in user's own invitation to the round, or NotFound."
    ),
    "quizzes.assessment.responding.services.save_answers": "A respondent's own answers, through invitation_for.",
    "quizzes.assessment.responding.services.submit_response": "A respondent's own response, through invitation_for.",
    "quizzes.assessment.responding.services.issue_round_token": (
        "An invitation a lead already made (invite_members, invite_by_email): its email task, which has no "
        "request, gives it a token."
    ),
}

# Functions that still check (user, slug) themselves: none now. No function may join them (a function listed here
# that takes the membership fails the test below).
NOT_YET_CONVERTED: set[str] = set()


# The layers above the boundary, which resolve the membership (pages, API, URLs, admin hooks), and what
# is not code called with an organisation's data (models, migrations, commands, settings, template tags).
ABOVE_OR_BESIDE = ("views", "api", "urls", "models", "admin", "wagtail_hooks", "apps", "forms", "middleware")
NOT_CALLED_WITH_DATA = ("migrations", "management", "templatetags", "settings")


def boundary_modules():
    """Every module below the pages and the API: selectors and services (and the modules split from one,
    e.g. selectors_rounds), and every helper module beside them (rules, shared reads, the measure, the log)."""
    found = []
    for package in PACKAGES:
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            parts = info.name.split(".")
            if any(part in NOT_CALLED_WITH_DATA or part.startswith(ABOVE_OR_BESIDE) for part in parts[1:]):
                continue
            found.append(info.name)
    return sorted(found)


def is_package_private(module_name):
    return module_name.rsplit(".", 1)[-1].startswith("_") and not module_name.endswith(".__init__")


def is_pending(module_name):
    return any(module_name == p or module_name.startswith(p + ".") for p in PENDING)


def _annotation_names(parameter):
    annotation = parameter.annotation
    if annotation is inspect.Parameter.empty:
        return set()
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    return {name for name in SCOPED_TYPES if name in str(text)}


def violations(module):
    out = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        parameters = inspect.signature(function).parameters
        scoped = [p for p in parameters.values() if p.name in SCOPED_NAMES or _annotation_names(p)]
        dotted = f"{module.__name__}.{name}"
        if scoped and "membership" not in parameters and dotted not in EXEMPT and dotted not in NOT_YET_CONVERTED:
            out.append(f"{module.__name__}.{name}({', '.join(p.name for p in scoped)})")
    return out


def test_the_walk_finds_the_boundary_modules():
    names = boundary_modules()
    for expected in (
        "s2t_learn.selectors",
        "s2t_learn.services",
        "modules.selectors",
        "quizzes.audit.services",
        "quizzes.knowledge.measure",
        "quizzes.planning.shared",
        "s2t_learn.audit_log",
    ):
        assert expected in names


@pytest.mark.parametrize(
    "module_name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=False, reason="not converted yet (PENDING)")] if is_pending(name) else [],
        )
        for name in boundary_modules()
        if not is_package_private(name)
    ],
)
def test_public_functions_take_the_checked_membership(module_name):
    found = violations(importlib.import_module(module_name))
    assert not found, "Take `*, membership: Membership`, make it private, or say why in EXEMPT: " + "; ".join(found)


@pytest.mark.parametrize("dotted", sorted(EXEMPT) + sorted(NOT_YET_CONVERTED))
def test_every_exemption_is_still_needed(dotted):
    module_name, name = dotted.rsplit(".", 1)
    function = getattr(importlib.import_module(module_name), name, None)
    assert function is not None, f"{dotted} is gone: remove it from EXEMPT or NOT_YET_CONVERTED"
    parameters = inspect.signature(function).parameters
    assert "membership" not in parameters, f"{dotted} takes the membership now: remove it from the list"
    scoped = [p for p in parameters.values() if p.name in SCOPED_NAMES or _annotation_names(p)]
    assert scoped, f"{dotted} no longer takes a scope: remove it"


def _is_module(dotted):
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports(path, module_name):
    """(module, name or None) for each of the project's modules a source file imports from, relative
    imports resolved against its package."""
    package = module_name if path.name == "__init__.py" else module_name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                if _is_module(f"{base}.{alias.name}"):
                    found.append((f"{base}.{alias.name}", None))
                else:
                    found.append((base, alias.name))
    return [(module, name) for module, name in found if module.split(".")[0] in PACKAGES]


def private_imports():
    """What a module takes that is private to another: a package-private module from outside its package,
    or a function or name with a leading underscore from another module."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for imported, name in _imports(path, module_name):
                if name is not None:
                    if name.startswith("_") and not name.startswith("__") and imported != module_name:
                        found.append(f"{module_name} imports {name} from {imported}")
                elif is_package_private(imported):
                    owner = imported.rsplit(".", 1)[0]
                    if not (module_name == owner or module_name.startswith(owner + ".")):
                        found.append(f"{module_name} imports {imported}")
    return found


def test_private_modules_and_names_are_not_imported_from_outside():
    assert "quizzes.assessment._counted" in boundary_modules()
    found = private_imports()
    assert not found, "Private to its package or module (a leading underscore): " + "; ".join(found)


def test_the_private_module_rule_sees_an_import_from_outside(tmp_path, monkeypatch):
    (tmp_path / "pkg" / "inner").mkdir(parents=True)
    (tmp_path / "pkg" / "other").mkdir()
    for folder in ("pkg", "pkg/inner", "pkg/other"):
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "pkg" / "inner" / "_hidden.py").write_text("def count(round_): pass\n")
    (tmp_path / "pkg" / "inner" / "selectors.py").write_text("from ._hidden import count\n")
    (tmp_path / "pkg" / "other" / "selectors.py").write_text("from ..inner import _hidden\n")
    (tmp_path / "pkg" / "other" / "services.py").write_text("from pkg.inner.selectors import _private\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGES", ["pkg"])
    assert private_imports() == [
        "pkg.other.selectors imports pkg.inner._hidden",
        "pkg.other.services imports _private from pkg.inner.selectors",
    ]


def test_the_rule_catches_a_bare_organisation():
    import types

    fake = types.ModuleType("fake_selectors")
    exec(
        "def teams_of(organisation): pass\ndef _private(organisation): pass\ndef fine(x, *, membership): pass",
        fake.__dict__,
    )
    for function in vars(fake).values():
        if inspect.isfunction(function):
            function.__module__ = "fake_selectors"
    assert violations(fake) == ["fake_selectors.teams_of(organisation)"]


def selectors_and_services():
    return [name for name in boundary_modules() if name.rsplit(".", 1)[-1].startswith(("selectors", "services"))]


@pytest.mark.parametrize("module_name", selectors_and_services())
def test_selectors_and_services_take_domain_arguments_not_the_request(module_name):
    """Views read the request; the rules below them take what it says (the user, the values chosen)."""
    module = importlib.import_module(module_name)
    taking_request = [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and "request" in inspect.signature(function).parameters
    ]
    assert not taking_request, f"{module_name}: {taking_request} take the request"
