"""Quiz pages. Thin: the rules are in services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from s2t_learn.access import organisation_view
from s2t_learn.models import Role

from .. import scoring
from ..models import QuizPage
from . import answers as answer_rules
from . import selectors, services
from .models import ANON_KEY


def _form_answers(questions, data):
    return {q["key"]: answer_rules.from_form(q, data) for q in questions}


def _flags(questions, data):
    return {q["key"]: bool(data.get(f"flag-{q['key']}")) for q in questions}


@login_required
def attempt(request, attempt_id):
    attempt = selectors.attempt_for(request.user, attempt_id)
    autosave = request.headers.get("X-Autosave") == "1"
    if attempt.is_submitted:
        if autosave and request.method == "POST":
            # Sent (from another tab, say): the autosave is told so, not redirected to a page it reads as saved.
            return JsonResponse({"saved": False, "message": str(services.AttemptClosed.message)}, status=409)
        return redirect("attempt_result", attempt_id=attempt.pk)
    each = attempt.quiz.review == QuizPage.Review.EACH
    errors, posted = {}, None
    if request.method == "POST":
        posted = _form_answers(attempt.snapshot, request.POST)
        checking = request.POST.get("check")
        # After-each review: "Check my answer" saves and locks just that question.
        to_save = {checking: posted.get(checking)} if each and checking else ({} if each else posted)
        try:
            services.save_answers(request.user, attempt.pk, to_save, _flags(attempt.snapshot, request.POST))
        except services.AttemptClosed:
            if autosave:
                return JsonResponse({"saved": False, "message": str(services.AttemptClosed.message)}, status=409)
            messages.error(request, _("This attempt has closed, so it can no longer be changed."))
            return redirect(attempt.quiz.url)
        except ValidationError as error:
            errors = error.message_dict
            if autosave:
                return JsonResponse({"saved": False, "errors": errors}, status=400)
        else:
            if autosave:
                return JsonResponse({"saved": True})
            if "submit" in request.POST:
                # Not marked yet: first a summary of what is unanswered or flagged, to confirm.
                return redirect("attempt_finish", attempt_id=attempt.pk)
            if checking:
                return redirect(reverse("attempt", args=[attempt.pk]) + f"#question-{checking}")
            messages.success(request, _("Your answers are saved."))
            return redirect("attempt", attempt_id=attempt.pk)
    saved = {r.question_key: r for r in attempt.responses.all()}
    given = {key: r.answer for key, r in saved.items()}
    if posted:
        given.update(
            {key: value for key, value in posted.items() if not (each and saved.get(key) and saved[key].answer)}
        )
    questions = []
    for q in attempt.snapshot:
        locked = each and q["key"] in saved and saved[q["key"]].answer is not None
        item = _prepare(q, given.get(q["key"]), saved.get(q["key"]), errors.get(q["key"]), review=locked)
        item["locked"] = locked
        questions.append(item)
    return render(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "each": each,
            "questions": questions,
            "errors": errors,
            "answered": sum(1 for v in given.values() if v),
        },
        status=400 if errors else 200,
    )


@login_required
def attempt_finish(request, attempt_id):
    """The step before marking: which questions are unanswered or flagged, and a button to submit.
    Server-rendered, so it works the same with JavaScript off."""
    attempt = selectors.attempt_for(request.user, attempt_id)
    if attempt.is_submitted:
        return redirect("attempt_result", attempt_id=attempt.pk)
    if request.method == "POST":
        try:
            services.submit_attempt(request.user, attempt.pk)
        except services.AttemptClosed:
            messages.error(request, _("This attempt has closed, so it can no longer be changed."))
            return redirect(attempt.quiz.url)
        return redirect("attempt_result", attempt_id=attempt.pk)
    return render(
        request, "quizzes/finish.html", {"attempt": attempt, "quiz": attempt.quiz, **selectors.finish_summary(attempt)}
    )


def _prepare(question, answer, response=None, error=None, review=False):
    """What a template needs to show one question: options in display order, with what was chosen."""
    item = {"q": question, "answer": answer, "flagged": bool(response and response.flagged), "error": error}
    if question["type"] in ("single", "multiple", "true_false"):
        order = question.get("display", list(range(len(question["options"]))))
        chosen = set(answer if isinstance(answer, list) else [answer]) if answer is not None else set()
        chosen = {str(c) for c in chosen}
        item["options"] = [(i, question["options"][i], str(i) in chosen) for i in order]
    elif question["type"] == "scenario":
        given = answer if isinstance(answer, dict) else {}
        parts = []
        for n, part in enumerate(question["parts"]):
            value = given.get(str(n))
            chosen = {str(c) for c in (value if isinstance(value, list) else [value] if value is not None else [])}
            order = part.get("display", list(range(len(part["options"]))))
            parts.append(
                {
                    "n": n,
                    "part": part,
                    "options": [(i, part["options"][i], str(i) in chosen) for i in order],
                    "mark": scoring.mark_question(part, value) if review else None,
                }
            )
        item["parts"] = parts
    elif question["type"] == "ordering":
        given = answer if isinstance(answer, dict) else {}
        tokens = answer_rules.item_tokens(question)
        item["rows"] = [(tokens[i], i, question["items"][i], given.get(str(i))) for i in question["display"]]
        item["positions"] = list(range(len(question["items"])))
    elif question["type"] == "matching":
        given = answer if isinstance(answer, dict) else {}
        item["rows"] = [
            (i, question["lefts"][i], given.get(str(i)), question["answer_key"][i]) for i in question["display"]
        ]
    if review:
        item["mark"] = scoring.mark_question(question, answer)
    return item


@login_required
def attempt_result(request, attempt_id):
    attempt = selectors.attempt_for(request.user, attempt_id)
    if not attempt.is_submitted:
        return redirect("attempt", attempt_id=attempt.pk)
    saved = {r.question_key: r for r in attempt.responses.all()}
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": [
                _prepare(q, saved[q["key"]].answer if q["key"] in saved else None, saved.get(q["key"]), review=True)
                for q in attempt.snapshot
            ],
            **selectors.after_attempt(request.user, attempt),
        },
    )


def quiz_try(request, quiz_id):
    """An anonymous go at a quiz: feedback straight away, nothing saved."""
    data = request.session.get(ANON_KEY)
    quiz = QuizPage.objects.live().filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404
    if not data or data.get("quiz") != quiz.pk:
        return redirect(quiz.url)
    questions = data["questions"]
    if request.method == "POST":
        given = {}
        for q in questions:
            try:
                given[q["key"]] = answer_rules.clean_answer(q, answer_rules.from_form(q, request.POST))
            except ValidationError:
                given[q["key"]] = None
        result = scoring.mark_attempt(questions, given, quiz.pass_mark)
        return render(
            request,
            "quizzes/try_result.html",
            {
                "quiz": quiz,
                "result": result,
                "items": [_prepare(q, given.get(q["key"]), review=True) for q in questions],
            },
        )
    return render(request, "quizzes/try.html", {"quiz": quiz, "questions": [_prepare(q, None) for q in questions]})


@login_required
def my_certificates(request):
    if request.method == "POST":
        services.set_show_name(request.user, request.POST.get("code"), request.POST.get("show_name") == "1")
        messages.success(request, _("Your choice is saved."))
        return redirect("my_certificates")
    return render(request, "quizzes/certificates.html", {"certificates": selectors.my_certificates(request.user)})


@login_required
def certificate_file(request, code, kind):
    certificate = selectors.certificate_by_code(code)
    services.require_owner(request.user, certificate)
    file = certificate.pdf if kind == "pdf" else certificate.badge
    if not file:
        messages.info(request, _("Your certificate is still being made. Try again in a moment."))
        return redirect("my_certificates")
    name = f"certificate-{certificate.code}.{'pdf' if kind == 'pdf' else 'png'}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


def certificate_verify_form(request):
    """A public form to type a certificate code; the check itself is certificate_verify's."""
    from .certificates import looks_like_code, normalise_code

    raw = request.GET.get("code")
    error = None
    if raw is not None:
        code = normalise_code(raw)
        if not code:
            error = _("Enter the certificate's code. It is printed on the certificate and the badge.")
        elif not looks_like_code(code):
            error = _("Enter the code as it is printed: 12 letters and numbers, like ABCD-EFGH-JKLM.")
        else:
            return redirect("certificate_verify", code=code)
    return render(
        request,
        "quizzes/verify_form.html",
        {"typed": (raw or "")[:40], "error": error},
        status=400 if error else 200,
    )


def certificate_verify(request, code):
    from .certificates import normalise_code

    canonical = normalise_code(code)
    if canonical and canonical != code:
        return redirect("certificate_verify", code=canonical)
    try:
        certificate = selectors.certificate_by_code(code)
    except Http404:
        return render(request, "quizzes/verify.html", {"code": code[:40], "certificate": None}, status=404)
    from .certificates import hours_of_learning

    return render(
        request,
        "quizzes/verify.html",
        {"code": code, "certificate": certificate, "hours": hours_of_learning(certificate)},
    )


def _public_json(document, status=200):
    response = JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"  # badge backpacks and verifiers read these from anywhere
    return response


def badge_assertion(request, code):
    """The hosted Open Badges 2.0 assertion that the badge PNG bakes in."""
    from . import certificates

    return _public_json(certificates.assertion(selectors.certificate_by_code(code)))


def badge_class(request, slug):
    from . import certificates

    return _public_json(certificates.badge_class_for(slug))


def badge_class_image(request, slug):
    from django.http import HttpResponse

    from . import certificates

    document = certificates.badge_class_for(slug)
    image = certificates.badge_image(document["name"], None, certificates.site_name())
    return HttpResponse(certificates.png_bytes(image), content_type="image/png")


def badge_issuer(request):
    from . import certificates

    return _public_json(certificates.issuer_document())


@login_required
def my_measure(request):
    from . import measure

    return render(request, "quizzes/measure.html", measure.my_overview(request.user))


def _safe_next(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return ""


@login_required
def measure_stage(request, stage):
    from ..models import MeasureResponse
    from . import measure

    if stage not in MeasureResponse.Stage.values:
        raise Http404
    overview = measure.my_overview(request.user)
    if overview["measure"] is None:
        raise Http404
    next_url = _safe_next(request)
    items = list(overview["measure"].items.all())
    errors, given = {}, {}
    if request.method == "POST" and stage == MeasureResponse.Stage.BEFORE and "skip" in request.POST:
        measure.skip_before(request.user)
        messages.info(request, _("You skipped the ratings. You will not be asked for them again before you start."))
        return redirect(next_url or "my_measure")
    if request.method == "POST":
        given = {item.key: request.POST.get(f"rating-{item.key}", "") for item in items}
        try:
            measure.submit_ratings(request.user, stage, given)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("Thank you. Your ratings are saved; only you see them individually."))
            return redirect(next_url or "my_measure")
    texts = {item.key: item.text for item in items}
    return render(
        request,
        "quizzes/measure_form.html",
        {
            **overview,
            "stage": MeasureResponse.Stage(stage),
            "errors": errors,
            # The error summary names each item it is about.
            "error_list": [
                {"key": key, "item": texts.get(key, ""), "message": problems[0]}
                for key, problems in errors.items()
                if key in texts or key == "stage"
            ],
            "given": given,
            "items": items,
            "next_url": next_url,
            "scale": list(enumerate(overview["measure"].scale, start=1)),
        },
        status=400 if errors else 200,
    )


@organisation_view(Role.ORG_ADMIN)
def organisation_measure(request, membership):
    from . import measure

    return render(request, "quizzes/measure_cohort.html", measure.cohort(membership=membership))
