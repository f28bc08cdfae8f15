"""Load everything a newcomer needs to see the site: pages, settings, content and a demo organisation.

Idempotent: a second run changes nothing that already exists. Demo logins are only created where
settings.DEMO_LOGINS_ALLOWED is true (dev and test), never under the production settings.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils.module_loading import import_string

from s2t_learn.editorial import ensure_editorial_groups
from s2t_learn.models import Membership, Organisation, Role, Sector, Team, User
from s2t_learn.site_setup import ensure_pages, ensure_site_settings

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
MODERATOR = ("moderator@example.org", "Kwame Mensah")
SUPERUSER = ("superuser@example.org", "Site Administrator")


def app_hooks(attribute: str) -> list[str]:
    """What the installed apps offer under `attribute` on their AppConfig, in INSTALLED_APPS order.

    `content_loaders`: names of idempotent management commands that load the app's content.
    `demo_loaders`: dotted paths of functions `f(organisation_slug)` that add the app's demo data to
    the demo organisation. Each app owns its own; this command names none of them.
    """
    return [hook for config in apps.get_app_configs() for hook in getattr(config, attribute, ())]


class Command(BaseCommand):
    help = "Load the site pages, settings, all content and (in dev) a demo organisation with invented people."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = ensure_pages()
            ensure_site_settings(home)
            ensure_editorial_groups()
        for loader in app_hooks("content_loaders"):
            call_command(loader, verbosity=options.get("verbosity", 1))
        if getattr(settings, "DEMO_LOGINS_ALLOWED", False):
            with transaction.atomic():
                ensure_demo_people()
            for demo_loader in app_hooks("demo_loaders"):
                import_string(demo_loader)(DEMO_ORGANISATION[1])
            self.print_logins()
        else:
            self.stdout.write("Demo logins are not created under these settings.")

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo logins (local use only), password for all: " + DEMO_PASSWORD))
        for email, name, _sector, role, _team in DEMO_PEOPLE:
            what = Role(role).label if role else "member of another organisation"
            self.stdout.write(f"  {email:<24} {name}: {what}")
        self.stdout.write(f"  {EDITOR[0]:<24} {EDITOR[1]}: Wagtail editor: edits and submits (/admin/)")
        self.stdout.write(f"  {MODERATOR[0]:<24} {MODERATOR[1]}: Wagtail moderator: approves and publishes")
        self.stdout.write(f"  {SUPERUSER[0]:<24} {SUPERUSER[1]}: superuser (/admin/, /django-admin/)")


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
    editors_group, moderators_group = ensure_editorial_groups()
    ensure_user(EDITOR[0], EDITOR[1], Sector.OTHER).groups.add(editors_group)
    ensure_user(MODERATOR[0], MODERATOR[1], Sector.OTHER).groups.add(moderators_group)
    ensure_user(SUPERUSER[0], SUPERUSER[1], Sector.OTHER, is_staff=True, is_superuser=True)
