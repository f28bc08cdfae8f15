"""Named service profiles, built from the framework's own statements by their level, settings
and wording (never by statement keys), so they keep working when an editor adds or renumbers
statements. Each returns one respondent's answers: {statement_key: [answer]}.

Sources for each picture: the Edinburgh case file audits of 2014 and 2017 (seed 000).
"""

import re

STATUTORY = "statutory_social_work"


def _has(text, *patterns):
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def _settings(s):
    return s.get("settings") or ["all"]


def _flag(s):
    return s["kind"] == "destructive"


# Wording that describes a service being *equipped*: a written policy, a named lead or plan with
# owners, audits, forms and templates, training in every team. Aware-but-not-equipped lacks these.
EQUIPPED = (
    r"\bpolicy\b",
    r"procedure",
    r"named senior manager",
    r"implementation plan",
    r"baseline",
    r"\baudit",
    r"template",
    r"every team",
    r"each team",
    r"training plan",
)
# The 2014 Edinburgh findings (seed 000, 1.4, 1.6, 3.17-3.18).
CLOSED_ON_SEPARATION = (r"clos\w* .*separat", r"separat\w* .*clos", r"only by whether she has separated")
HARM_BY_EXPOSURE = (r"saw or heard", r"see or hear")
PLANS_TASK_SURVIVOR = (
    r"demands onto",
    r"tasks that belong to the perpetrator",
    r"task\w* .*survivor",
    r"survivor .*task",
)
BLAMING = (r"failed to protect", r"chosen him over", r"allowed him back")
# What the 2017 audit found in files held by trained workers (seed 000, 2.4-2.8, 3.2, 3.9, 3.12, 3.16).
TRAINED_FILE_PRACTICE = (
    r"protective efforts",
    r"pattern of behaviour",
    r"particular ways this perpetrator",
    r"earlier relationships",
    r"substance use or mental health",
    r"history from every source",
    r"parenting choice",
)


def edinburgh_2014(statements):
    """No destructive practice named in the audit report; cases closed on separation; harm judged
    by whether the child saw or heard; plans that hand the survivor the work of ending the abuse.
    The service knew domestic abuse mattered (it commissioned the audit)."""
    answers = {}
    for s in statements:
        text = s["text"]
        if _flag(s):
            # The audit describes plans that hand the survivor the perpetrator's work; where a
            # flag describes exactly that, this service would truthfully say it happens here.
            answers[s["key"]] = ["sometimes" if _has(text, *PLANS_TASK_SURVIVOR) else "no"]
        elif _has(text, *CLOSED_ON_SEPARATION, *HARM_BY_EXPOSURE, *PLANS_TASK_SURVIVOR):
            answers[s["key"]] = ["not_met"]
        elif s["level"] == "pre_competent":
            answers[s["key"]] = ["met"]  # it knew domestic abuse mattered: it commissioned the audit
        else:
            answers[s["key"]] = ["not_met"]
    return answers


def aware_not_equipped(statements):
    """'We know we need to do better but don't know how': domestic abuse is recognised, some staff
    are trained, the gaps are known; there is no policy, named lead, audit or whole-service training."""
    answers = {}
    for s in statements:
        if _flag(s):
            answers[s["key"]] = ["no"]
        elif s["level"] == "pre_competent" and not _has(s["text"], *EQUIPPED):
            answers[s["key"]] = ["met"]
        else:
            answers[s["key"]] = ["not_met"]
    return answers


def trained_workers_2017(statements):
    """Files held by trained workers: assessments describe the pattern, the protective efforts,
    the child's wider harm and the links to substance use; but only a tenth of staff are trained,
    and nothing is yet consistent across the service or partners."""
    answers = aware_not_equipped(statements)
    for s in statements:
        if _flag(s):
            continue
        if s["level"] == "pre_competent":
            answers[s["key"]] = ["met"]
        elif s["level"] == "competent" and _has(s["text"], *TRAINED_FILE_PRACTICE):
            answers[s["key"]] = ["met"]
    return answers


def survivor_blaming(statements):
    """The aware service, except that its records and meetings blame the survivor."""
    answers = aware_not_equipped(statements)
    for s in statements:
        if _flag(s) and _has(s["text"], *BLAMING):
            answers[s["key"]] = ["yes"]
    return answers


def nursery(statements, not_applicable="not_applicable"):
    """An early-years setting in a round open to every setting: it answers 'not applicable' to
    what only statutory social work does, and is otherwise aware but not equipped."""
    answers = aware_not_equipped(statements)
    for s in statements:
        settings = _settings(s)
        if "all" not in settings and "early_years" not in settings:
            answers[s["key"]] = [not_applicable]
    return answers


PROFILES = {
    "Edinburgh 2014 service": edinburgh_2014,
    "Aware but not equipped": aware_not_equipped,
    "2017 trained-worker picture": trained_workers_2017,
    "Survivor-blaming service": survivor_blaming,
    "Nursery (N/A to statutory statements)": nursery,
}
