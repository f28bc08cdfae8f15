"""The continuum's five levels and their names, the kinds of statement, the answers each takes
and when their spread may show.

The five levels are (c) 2015 David Mandel & Associates LLC. No ORM here, as in quizzes.continuum.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class ContinuumLevel(IntEnum):
    DESTRUCTIVE = 1
    NEGLECTFUL = 2
    PRE_COMPETENT = 3
    COMPETENT = 4
    PROFICIENT = 5

    @property
    def label(self) -> StrPromise:
        return LEVEL_LABELS[self]

    @property
    def key(self) -> str:
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> ContinuumLevel:
        return cls[key.upper()]


# The one place the level names live: translatable (lazily, so this module still needs no settings until
# a label is shown), and every choices list is made from them (level_choices).
LEVEL_LABELS = {
    ContinuumLevel.DESTRUCTIVE: _("Destructive"),
    ContinuumLevel.NEGLECTFUL: _("Neglectful"),
    ContinuumLevel.PRE_COMPETENT: _("Pre-Competent"),
    ContinuumLevel.COMPETENT: _("Competent"),
    ContinuumLevel.PROFICIENT: _("Proficient"),
}


def level_choices(
    levels: Iterable[ContinuumLevel] = tuple(ContinuumLevel), *, by: Literal["key", "number"] = "key"
) -> list[tuple[str | int, StrPromise]]:
    """[(value, label)] for these levels, in order: by key ("pre_competent") or by number (3)."""
    return [(level.key if by == "key" else int(level), level.label) for level in levels]


GATE_LEVELS = (ContinuumLevel.PRE_COMPETENT, ContinuumLevel.COMPETENT, ContinuumLevel.PROFICIENT)


class Kind(StrEnum):
    DESTRUCTIVE = "destructive"  # "This happens here": yes / sometimes / no / don't know
    GATE = "gate"  # met / partly met / not met / don't know


DONT_KNOW = "dont_know"
# Offered only for a statement that applies to some settings and not others (it has settings tags).
NOT_APPLICABLE = "not_applicable"
# The settings a statement can apply to. A round opened for one setting shows only its statements;
# a round for every setting offers "Not applicable" on the statements that do not fit them all.
SETTINGS = ("statutory_social_work", "early_years", "schools", "health", "residential_childcare", "third_sector")
# Lower is worse for the service.
FLAG_ORDER = {"yes": 0, "sometimes": 1, "no": 2}
GATE_ORDER = {"not_met": 0, "partly": 1, "met": 2}
FLAG_CHOICES = [("yes", "Yes"), ("sometimes", "Sometimes"), ("no", "No"), (DONT_KNOW, "Don't know")]
GATE_CHOICES = [("met", "Met"), ("partly", "Partly met"), ("not_met", "Not met"), (DONT_KNOW, "Don't know")]
NOT_APPLICABLE_CHOICE = (NOT_APPLICABLE, "Not applicable here")


def order_for(kind: str) -> dict[str, int]:
    return FLAG_ORDER if Kind(kind) == Kind.DESTRUCTIVE else GATE_ORDER


def valid_answers(kind: str, applicability: bool = False) -> set[str]:
    return set(order_for(kind)) | {DONT_KNOW} | ({NOT_APPLICABLE} if applicability else set())


def applies_to_every_setting(settings: Iterable[str] | None) -> bool:
    return not settings or "all" in settings or set(SETTINGS) <= set(settings)


def spread_visible(anonymous: bool, answer_count: int, minimum: int = 3) -> bool:
    """In an anonymous round the spread of answers shows only when at least three people answered."""
    return (not anonymous) or answer_count >= minimum
