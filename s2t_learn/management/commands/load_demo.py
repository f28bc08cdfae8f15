"""Load everything a newcomer needs to see the site: pages, settings, content and a demo organisation.

Idempotent: a second run changes nothing that already exists. Demo logins are only created where
settings.DEMO_LOGINS_ALLOWED is true (dev and test), never under the production settings.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command, get_commands
from django.db import transaction
from wagtail.models import Page, Site

from s2t_learn import demo_content
from s2t_learn.models import HomePage, Membership, Organisation, Role, Sector, SiteSettings, StandardPage, Team, User
from s2t_learn.signposting import DEFAULT_EXIT_URL, DEFAULT_SIGNPOSTS

DEMO_PASSWORD = "demo-learn-2026"
DEMO_ORGANISATION = ("Northtown Children and Families Service", "northtown")
DEMO_PEOPLE = [
    # email, full name, sector, role (None: no membership), team
    ("admin@example.org", "Morag Lindsay", Sector.SOCIAL_WORK, Role.ORG_ADMIN, None),
    ("lead@example.org", "Tomasz Nowak", Sector.SOCIAL_WORK, Role.ASSESSMENT_LEAD, "Family support team"),
    ("learner@example.org", "Aisha Rahman", Sector.EDUCATION, Role.LEARNER, "Schools liaison"),
    ("nursery@example.org", "Sam Okafor", Sector.EARLY_YEARS, Role.LEARNER, "Schools liaison"),
    ("other@example.org", "Jordan Blake", Sector.HEALTH, None, None),
]
OTHER_ORGANISATION = ("Eastfield Primary School", "eastfield-primary")
EDITOR = ("editor@example.org", "Elena Petrova")
SUPERUSER = ("superuser@example.org", "Site Administrator")

# Each app's idempotent content loader, in dependency order. Loaders that do not exist yet are skipped.
CONTENT_LOADERS = ["load_curriculum", "load_quizzes", "load_framework"]


class Command(BaseCommand):
    help = "Load the site pages, settings, all content and (in dev) a demo organisation with invented people."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = ensure_pages()
            ensure_site_settings(home)
        available = get_commands()
        for loader in CONTENT_LOADERS:
            if loader in available:
                call_command(loader, verbosity=options.get("verbosity", 1))
        if getattr(settings, "DEMO_LOGINS_ALLOWED", False):
            with transaction.atomic():
                ensure_demo_people()
            self.print_logins()
        else:
            self.stdout.write("Demo logins are not created under these settings.")

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo logins (local use only), password for all: " + DEMO_PASSWORD))
        for email, name, _sector, role, _team in DEMO_PEOPLE:
            what = Role(role).label if role else "member of another organisation"
            self.stdout.write(f"  {email:<24} {name}: {what}")
        self.stdout.write(f"  {EDITOR[0]:<24} {EDITOR[1]}: Wagtail editor (/admin/)")
        self.stdout.write(f"  {SUPERUSER[0]:<24} {SUPERUSER[1]}: superuser (/admin/, /django-admin/)")


def ensure_root():
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


def ensure_pages():
    root = ensure_root()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's first migration makes a placeholder welcome page (and a site pointing at it).
        Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
        home = HomePage(
            title="Learn the Safe & Together Model",
            slug="home",
            intro=demo_content.HOME_INTRO,
            ways_in=[("way_in", way) for way in demo_content.WAYS_IN],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="S2T Learn")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    for slug, title, body in [
        ("about", "About S2T Learn", demo_content.ABOUT),
        ("accessibility", "Accessibility statement", demo_content.ACCESSIBILITY),
        ("privacy", "Privacy and cookies", demo_content.PRIVACY),
    ]:
        if not home.get_children().filter(slug=slug).exists():
            page = StandardPage(title=title, slug=slug, body=list(body))
            home.add_child(instance=page)
            page.save_revision().publish()
    return home


def ensure_site_settings(home):
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.signposting:
        site_settings.exit_url = site_settings.exit_url or DEFAULT_EXIT_URL
        site_settings.signposting = [("service", {k: str(v) for k, v in item.items()}) for item in DEFAULT_SIGNPOSTS]
        site_settings.save()


def ensure_user(email, full_name, sector="", **flags):
    user, created = User.objects.get_or_create(
        email=email, defaults={"username": email, "full_name": full_name, "sector": sector, **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def ensure_demo_people():
    name, slug = DEMO_ORGANISATION
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    other_name, other_slug = OTHER_ORGANISATION
    other, _ = Organisation.objects.get_or_create(slug=other_slug, defaults={"name": other_name})
    for email, full_name, sector, role, team_name in DEMO_PEOPLE:
        user = ensure_user(email, full_name, sector)
        if role is None:
            Membership.objects.get_or_create(user=user, organisation=other, defaults={"role": Role.ORG_ADMIN})
            continue
        team = Team.objects.get_or_create(organisation=organisation, name=team_name)[0] if team_name else None
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role, "team": team})
    editor = ensure_user(EDITOR[0], EDITOR[1], Sector.OTHER)
    editors_group = Group.objects.filter(name="Editors").first()
    if editors_group:
        editor.groups.add(editors_group)
    ensure_user(SUPERUSER[0], SUPERUSER[1], Sector.OTHER, is_staff=True, is_superuser=True)
