"""Checking the shape of an answer against its question, and reading answers from a posted form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BAD_OPTION = _("That answer is not one of this question's options.")


def _index(value, size):
    try:
        index = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(BAD_OPTION) from exc
    if not 0 <= index < size:
        raise ValidationError(BAD_OPTION)
    return index


def item_tokens(question):
    """An ordering question's item names for this attempt (older snapshots: the indexes as text)."""
    return question.get("tokens") or [str(i) for i in range(len(question["items"]))]


def _item_index(question, name):
    try:
        return item_tokens(question).index(str(name))
    except ValueError as exc:
        raise ValidationError(BAD_OPTION) from exc


def public_answer(question, answer):
    """A saved answer as the learner's client may see it: ordering items by token, never by index."""
    if question.get("type") != "ordering" or not isinstance(answer, dict):
        return answer
    tokens = item_tokens(question)
    return {tokens[int(item)]: position for item, position in answer.items() if int(item) < len(tokens)}


def clean_answer(question, answer):
    """Return the answer in canonical form, or raise ValidationError. None clears it."""
    if answer in (None, "", [], {}):
        return None
    kind = question["type"]
    if kind in ("single", "true_false"):
        return _index(answer, len(question["options"]))
    if kind == "multiple":
        if not isinstance(answer, list):
            raise ValidationError(BAD_OPTION)
        return sorted({_index(a, len(question["options"])) for a in answer})
    if kind == "ordering":
        size = len(question["items"])
        if not isinstance(answer, dict):
            raise ValidationError(BAD_OPTION)
        cleaned = {str(_item_index(question, item)): _index(pos, size) for item, pos in answer.items()}
        if len(set(cleaned.values())) != len(cleaned):
            raise ValidationError(_("Give each item a different position."))
        return cleaned
    if kind == "matching":
        if not isinstance(answer, dict):
            raise ValidationError(BAD_OPTION)
        return {
            str(_index(left, len(question["lefts"]))): _index(r, len(question["rights"])) for left, r in answer.items()
        }
    if kind == "scenario":
        if not isinstance(answer, dict):
            raise ValidationError(BAD_OPTION)
        cleaned = {}
        for part, value in answer.items():
            n = _index(part, len(question["parts"]))
            part_answer = clean_answer(question["parts"][n], value)
            if part_answer is not None:
                cleaned[str(n)] = part_answer
        return cleaned or None
    raise ValidationError(BAD_OPTION)


def from_form(question, data):
    """Read one question's answer from a posted form (a QueryDict)."""
    key, kind = question["key"], question["type"]
    name = f"q-{key}"
    if kind in ("single", "true_false"):
        return data.get(name) or None
    if kind == "multiple":
        return data.getlist(name) or None
    if kind == "ordering":
        return {
            token: data.get(f"{name}-item-{token}")
            for token in item_tokens(question)
            if data.get(f"{name}-item-{token}")
        } or None
    if kind == "matching":
        return {
            str(i): data.get(f"{name}-left-{i}") for i in range(len(question["lefts"])) if data.get(f"{name}-left-{i}")
        } or None
    if kind == "scenario":
        answer = {}
        for n, part in enumerate(question["parts"]):
            field = f"{name}-{n}"
            value = data.getlist(field) if part["type"] == "multiple" else data.get(field)
            if value:
                answer[str(n)] = value
        return answer or None
    return None
