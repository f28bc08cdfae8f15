"""This platform's reading of the continuum, in plain words, for the results page, the PDF report
and the API. One place, so they can never disagree.

The continuum of practice is (c) 2015 David Mandel & Associates LLC. The level meanings below are
this project's paraphrase; the placement rule is this project's own.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import continuum
from ..continuum_levels import ContinuumLevel
from . import snapshot as snap
from .settings import setting_label

CREDIT = "© 2015 David Mandel & Associates LLC"


def level_meanings():
    """What each level means, paraphrasing the continuum's definitions (seed 000, Appendix One)."""
    return [
        (
            ContinuumLevel.DESTRUCTIVE,
            _(
                "Policies or practice that add to the harm done to adult and child survivors, or make it "
                "harder for them to get help: for example blaming or punishing the survivor, siding with "
                "the perpetrator, or using what she or the child disclosed against them."
            ),
        ),
        (
            ContinuumLevel.NEGLECTFUL,
            _(
                "The service does not act on domestic abuse, or does not see how it affects children: for "
                "example harm judged only by what a child saw or heard, or cases closed once the parents "
                "separate."
            ),
        ),
        (
            ContinuumLevel.PRE_COMPETENT,
            _(
                "The service knows domestic abuse matters to children's safety and says it wants to do "
                "better, but its policy, training and services have not caught up: 'we know we need to "
                "improve but not yet how'."
            ),
        ),
        (
            ContinuumLevel.COMPETENT,
            _(
                "Domestic abuse is part of core practice, built on the perpetrator's pattern of behaviour "
                "and the survivor's strengths, with the child at the centre; policy, a named lead, forms, "
                "audits and training in every team support it."
            ),
        ),
        (
            ContinuumLevel.PROFICIENT,
            _(
                "That practice is consistent and dependable across the whole service and its partners, not "
                "only where trained staff hold the work."
            ),
        ),
    ]


def rule_summary(rule):
    """How the declared rule works, in plain words, as a list of sentences."""
    if rule.version == 1:
        return [
            _("This round was placed by version 1 of the rule, the one in use when it was opened."),
            _(
                "An area was Destructive if the middle answer to any harmful-practice statement was "
                "'Yes' or 'Sometimes'."
            ),
            _("Partly met counted as passing a gate.")
            if rule.partly_passes
            else _("Every statement at a level had to be Met; 'Partly met' and 'Don't know' counted as not met."),
            _("The whole service is placed at its lowest area."),
        ]
    partly = ngettext(
        "A level is reached when its statements, and those of every level below it, are met, with at most "
        "%(n)s 'Partly met' allowed at each level and none on a statement marked essential.",
        "A level is reached when its statements, and those of every level below it, are met, with at most "
        "%(n)s 'Partly met' answers allowed at each level and none on a statement marked essential.",
        rule.partly_per_gate,
    ) % {"n": rule.partly_per_gate}
    if rule.partly_per_gate == 0:
        partly = _(
            "A level is reached when its statements, and those of every level below it, are all Met; "
            "'Partly met' does not count."
        )
    return [
        _("Where people answered differently, the middle answer counts until the group agrees one in moderation."),
        partly,
        _(
            "Pre-Competent asks for awareness and intent; Competent for the policy, lead, forms, audits and "
            "training that make it core practice; Proficient for consistency across the service and partners."
        ),
        _(
            "An area is Destructive when the middle respondent, or the group in moderation, says a harmful "
            "practice happens here. If fewer than half say so, it must be discussed and agreed: until then "
            "the results are provisional."
        ),
        _(
            "'Don't know' is not an answer about practice. Where nobody could answer a statement that would "
            "decide the level, the area is shown as 'not enough information to place'."
        ),
        _(
            "'Not applicable' is offered on statements that fit only some settings; they leave the count, "
            "and a level whose statements are all not applicable is skipped."
        ),
        _("The whole service is placed at its lowest area: proficient practice is consistent throughout."),
    ]


def provenance(snapshot):
    """Which framework version, setting and rule produced a round's results."""
    framework = snap.framework_label(snapshot)
    rule = snap.rule_of(snapshot)
    return {
        "framework_name": framework["name"],
        "framework_version": framework["version"],
        "rule_version": rule.version,
        "setting": snapshot.get("setting") or "",
        "setting_label": setting_label(snapshot.get("setting") or ""),
        "text": _("Produced by %(name)s, version %(version)s, placed by rule version %(rule)s, for %(setting)s.")
        % {
            "name": framework["name"] or _("the self-assessment framework"),
            "version": framework["version"],
            "rule": rule.version,
            "setting": setting_label(snapshot.get("setting") or "").lower()
            if snapshot.get("setting")
            else _("every setting"),
        },
    }


def progress_text(domain):
    """The progress figure in words: '3 of 4 Competent statements met'."""
    if domain.level == ContinuumLevel.DESTRUCTIVE:
        return _("Held at Destructive by the harmful practice named below, whatever else is in place.")
    if not domain.placed:
        return _("Not enough information to place: nobody could answer a statement that decides the level.")
    if domain.next_level is None:
        return _("Every level's statements are met.")
    text = ngettext(
        "%(met)s of %(total)s %(level)s statement met",
        "%(met)s of %(total)s %(level)s statements met",
        domain.next_total,
    ) % {"met": domain.next_met, "total": domain.next_total, "level": domain.next_level.label}
    if domain.next_partly:
        text += ngettext(", %(n)s partly", ", %(n)s partly", domain.next_partly) % {"n": domain.next_partly}
    return text


def status_label(domain):
    if not domain.placed:
        return _("Not enough information to place")
    return domain.level.label


def overall_label(placement):
    if placement.overall is None:
        return _("Not placed")
    if not placement.placed:
        return _("Not enough information to place")
    return placement.overall.label


NOT_ENOUGH_EXPLANATION = (
    "Nobody who answered could say whether some statements are true here, and those statements decide "
    "the level. This is not a continuum level: find out (for example, ask the colleague who holds the "
    "information, or check the evidence suggested) and record an agreed answer."
)


def not_enough_explanation():
    return _(NOT_ENOUGH_EXPLANATION)


def is_placed(placement):
    return placement.status == continuum.PLACED
