"""Turn a quiz's question blocks into the plain dicts an attempt keeps and scoring reads."""

import random


def _options(options):
    return [{"text": o["text"], "feedback": o["feedback"], "correct": bool(o["correct"])} for o in options]


def _correct(options):
    return [n for n, o in enumerate(options) if o["correct"]]


def question_snapshot(block):
    value, kind = block.value, block.block_type
    base = {
        "key": block.id,
        "type": kind,
        "lesson": value.get("lesson") or "",
        "prompt": str(value["prompt"]),
        "explanation": value["explanation"],
    }
    if kind in ("single", "multiple"):
        options = _options(value["options"])
        return {**base, "options": options, "correct": _correct(options)}
    if kind == "true_false":
        options = [
            {"text": "True", "feedback": value["feedback_true"], "correct": bool(value["answer"])},
            {"text": "False", "feedback": value["feedback_false"], "correct": not value["answer"]},
        ]
        return {**base, "options": options, "correct": _correct(options)}
    if kind == "scenario":
        parts = []
        for part in value["parts"]:
            options = _options(part["options"])
            parts.append(
                {
                    "type": "multiple" if part["multiple"] else "single",
                    "prompt": part["prompt"],
                    "options": options,
                    "correct": _correct(options),
                }
            )
        return {**base, "vignette": value["vignette"].source, "parts": parts}
    if kind == "ordering":
        return {**base, "items": list(value["items"])}
    if kind == "matching":
        lefts = [pair["left"] for pair in value["pairs"]]
        rights = sorted({pair["right"] for pair in value["pairs"]})
        return {
            **base,
            "lefts": lefts,
            "rights": rights,
            "answer_key": [rights.index(p["right"]) for p in value["pairs"]],
        }
    raise ValueError(kind)


def with_display_order(question, rng: random.Random, shuffle_options=True):
    """Add the order the learner sees. Answers always refer to the original indexes."""
    question = dict(question)

    def order(n):
        indexes = list(range(n))
        if shuffle_options:
            rng.shuffle(indexes)
        return indexes

    if "options" in question and question["type"] != "true_false":
        question["display"] = order(len(question["options"]))
    if question["type"] == "scenario":
        question["parts"] = [{**p, "display": order(len(p["options"]))} for p in question["parts"]]
    if question["type"] == "ordering":
        display = list(range(len(question["items"])))
        while len(display) > 1 and display == sorted(display):
            rng.shuffle(display)
        question["display"] = display
        # Opaque per-attempt names for the items: the form and the API never carry an item's index,
        # which is its right position.
        question["tokens"] = [f"{rng.getrandbits(64):016x}" for _ in question["items"]]
    if question["type"] == "matching":
        question["display"] = order(len(question["lefts"]))
    return question
