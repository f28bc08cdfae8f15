"""The site's page tree and settings, made once and then left for editors to change."""

from wagtail.models import Page, Site

from . import demo_content
from .models import HomePage, SiteSettings, StandardPage
from .signposting import DEFAULT_EXIT_URL, DEFAULT_SIGNPOSTS


def ensure_root():
    """The page root, the default locale and the root collection (a flushed database has none)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
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
        (demo_content.SAFETY_SLUG, "Using this site safely", demo_content.SAFETY),
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
