from django import template
from django.db import DatabaseError

from s2t_learn.signposting import DEFAULT_EXIT_URL, DEFAULT_SIGNPOSTS

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Site name, exit URL and signposting for the layout, with safe defaults.

    The defaults are used when the page is rendered without the database (the 503 page), so the
    exit control and signposting are on every page whatever happens.
    """
    defaults = {"site_name": "S2T Learn", "exit_url": DEFAULT_EXIT_URL, "signposts": DEFAULT_SIGNPOSTS}
    request = context.get("request")
    if request is None or context.get("without_database"):
        return defaults
    try:
        return cached_chrome(request) or defaults
    except DatabaseError:
        return defaults


CACHE_KEY = "site-chrome:{site_id}"


def cached_chrome(request):
    """The layout's settings, cached until an editor saves the site settings."""
    from django.core.cache import cache
    from wagtail.models import Site

    from s2t_learn.models import SiteSettings

    site = Site.find_for_request(request)
    if site is None:
        return None
    key = CACHE_KEY.format(site_id=site.pk)
    chrome = cache.get(key)
    if chrome is None:
        site_settings = SiteSettings.for_site(site)
        signposts = [dict(block.value) for block in site_settings.signposting] or DEFAULT_SIGNPOSTS
        chrome = {
            "site_name": site_settings.site_name,
            "exit_url": site_settings.exit_url,
            "signposts": signposts,
            "require_mfa_for_staff": site_settings.require_mfa_for_staff,  # read by s2t_learn.mfa
        }
        cache.set(key, chrome, 60 * 60)
    return chrome


@register.simple_tag(takes_context=True)
def organisation_tabs(context, organisation):
    """The organisation tabs the signed-in person's role can open (s2t_learn/tabs.py decides)."""
    from s2t_learn.models import Membership
    from s2t_learn.tabs import tabs_for

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    roles = getattr(user, "_organisation_roles", {})
    role = roles.get(organisation.slug)
    if role is None:
        role = Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    return tabs_for(role)
