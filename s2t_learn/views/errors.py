from django.views.defaults import server_error as django_server_error

from ..middleware import database_down, unavailable_response


def server_error(request, template_name="500.html"):
    if database_down():
        return unavailable_response()
    return django_server_error(request, template_name)


def api_not_found(request, *args, **kwargs):
    from django.http import JsonResponse

    body = {"error": {"status": 404, "code": "not_found", "message": "No API endpoint at this address."}}
    return JsonResponse(body, status=404)
