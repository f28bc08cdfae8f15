from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ApiTokenForm, ProfileForm
from ..mfa import MfaSetupRequired
from ..models import ApiToken
from .forms_util import add_service_errors


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "sector": user.sector})
    if request.method == "POST" and form.is_valid():
        services.update_profile(user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("profile")
    return _render(request, form=form, token_form=ApiTokenForm())


def _render(request, **context):
    context["tokens"] = ApiToken.objects.filter(user=request.user)
    context.setdefault(
        "form", ProfileForm(initial={"full_name": request.user.full_name, "sector": request.user.sector})
    )
    return render(request, "profile/profile.html", context)


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            instance, token = services.create_api_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["scope"], form.cleaned_data["valid_days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except MfaSetupRequired as refusal:
            response = _render(request, token_form=form, token_refusal=str(refusal.args[0]))
            response.status_code = 403
            return response
        else:
            # Shown once, on this response only; only its digest is stored.
            return _render(request, token_form=ApiTokenForm(), new_token=token, new_token_name=instance.name)
    return _render(request, token_form=form)


@login_required
def my_data(request):
    """Download my data: everything held about me, as one JSON file."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from django.http import HttpResponse

    from ..privacy import personal_data

    body = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def delete_account(request):
    """Delete my account: confirmed, and re-authenticated with the password."""
    from django.contrib.auth import logout

    from ..forms import DeleteAccountForm
    from ..privacy import WrongPassword
    from ..privacy import delete_account as delete

    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete(request.user, form.cleaned_data["password"])
        except WrongPassword:
            form.add_error("password", _("That is not your password. Nothing was deleted."))
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("/")
    return render(request, "profile/delete_account.html", {"form": form})


@login_required
@require_POST
def token_revoke(request, token_key):
    services.revoke_api_token(request.user, token_key)
    messages.success(request, _("Token revoked. Anything using it will stop working."))
    return redirect("profile")
