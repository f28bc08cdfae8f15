import os

import pytest
from django.core.management import call_command

from s2t_learn.models import Role

from .factories import MembershipFactory, OrganisationFactory, UserFactory

CURRICULUM_NEEDED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters, kept routes and other cached state never leak between tests (each test's
    rows are rolled back, so a page id kept by one test may be another page in the next)."""
    from django.conf import settings
    from django.core.cache import cache, caches

    def clear():
        cache.clear()
        if "pages" in settings.CACHES:  # a test may run with a cache configuration of its own
            caches["pages"].clear()

    clear()
    yield
    clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Northtown Service", slug="northtown-service")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Elsewhere Service", slug="elsewhere-service")


@pytest.fixture
def people(organisation, other_organisation):
    """One person per role, plus a member of another organisation, an editor and a superuser."""
    from django.contrib.auth.models import Group

    learner = MembershipFactory(organisation=organisation, role=Role.LEARNER).user
    lead = MembershipFactory(organisation=organisation, role=Role.ASSESSMENT_LEAD).user
    admin = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN).user
    outsider = MembershipFactory(organisation=other_organisation, role=Role.ORG_ADMIN).user
    editor = UserFactory()
    group = Group.objects.filter(name="Editors").first()
    if group:
        editor.groups.add(group)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    return {
        "learner": learner,
        "assessment_lead": lead,
        "org_admin": admin,
        "other_org": outsider,
        "editor": editor,
        "superuser": superuser,
    }


@pytest.fixture
def site_pages(db):
    """The page tree and site settings, as load_demo makes them (without demo people)."""
    from s2t_learn.site_setup import ensure_pages, ensure_site_settings

    home = ensure_pages()
    ensure_site_settings(home)
    return home


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def pytest_collection_modifyitems(session, config, items):
    """The curriculum is opt-in: it is loaded only when a selected test uses the `curriculum` fixture
    (directly, or through a fixture or `pytestmark` of its file). A run of unit tests that build their
    own pages with tests/page_factories.py skips the load (about 20 s per worker)."""
    needed = any("curriculum" in getattr(item, "fixturenames", ()) for item in items)
    config.stash[CURRICULUM_NEEDED] = needed and not os.environ.get("S2T_NO_CURRICULUM")


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Load the curriculum once per session when any selected test asks for it. Each test's changes roll
    back; transactional tests (which pytest-django runs last, and which flush the database) load their
    own data. With --reuse-db the load finds the pages already there and only checks them.
    A database built from the models (--nomigrations) first gets the data the migrations make."""
    with django_db_blocker.unblock():
        if request.config.option.nomigrations:
            from wagtail.models import Locale

            from .migration_data import create_migration_data

            if not Locale.objects.exists():  # a reused database has it already
                create_migration_data()
        if not request.config.stash.get(CURRICULUM_NEEDED, False):
            return
        from modules.loader import load_curriculum
        from quizzes.knowledge.loader import load_measure, load_quizzes

        load_curriculum()
        load_quizzes()
        load_measure()


@pytest.fixture
def curriculum(db):
    """The real modules, lessons, quizzes and before-and-after measure from the YAML content (loaded once)."""
    from modules.models import ModuleIndexPage

    return ModuleIndexPage.objects.get()
