from django.conf import settings


def site_chrome(request):
    from .lead_links import from_session

    return {
        "DEMO_LOGINS_ALLOWED": getattr(settings, "DEMO_LOGINS_ALLOWED", False),
        "LEAD_OF": from_session(request) if request.user.is_authenticated else [],
    }
