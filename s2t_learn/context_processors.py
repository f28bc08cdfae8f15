from django.conf import settings


def site_chrome(request):
    return {"DEMO_LOGINS_ALLOWED": getattr(settings, "DEMO_LOGINS_ALLOWED", False)}
