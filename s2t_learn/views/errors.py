from django.views.defaults import server_error as django_server_error

from ..middleware import database_down, unavailable_response


def server_error(request, template_name="500.html"):
    if database_down():
        return unavailable_response()
    return django_server_error(request, template_name)
