"""Who may see what of a self-assessment round, and which answers count: the rules in one place.

Pure functions over plain values (no ORM), used by every selector, view, API endpoint and report, and
tested exhaustively with the differencing attacks in tests/quizzes/test_anonymity.py.

The rules (DESIGN.md, privacy):
- Only answers a respondent has sent count; autosaved drafts are the respondent's alone.
- A named round: leads see results, spreads, notes and each person's progress as they come in, and
  respondents are told this before they start.
- An anonymous round: nobody sees results, spreads, notes or anyone's progress while it is open; the
  lead sees only how many have sent their answers (a number, never names). Once closed, its results
  are released only if at least RELEASE_MINIMUM people sent answers (a setting, never below 3).
  A withheld round can be extended (reopened with a new date) or, while open, converted to named;
  a released round can never be reopened, or the difference between two releases would give the
  answers of whoever answered in between.
- Evidence notes in an anonymous round are shown without names, in an order unrelated to who wrote
  them, and only when the results are released.
"""

import random
from dataclasses import dataclass
from enum import StrEnum

ABSOLUTE_MINIMUM = 3


class Release(StrEnum):
    LIVE = "live"  # a named round: results show as answers are sent
    WAITING = "waiting"  # an anonymous round that is still open: nothing shows
    RELEASED = "released"  # closed with enough people: results show
    WITHHELD = "withheld"  # an anonymous round closed with too few people: nothing shows


def release_minimum(configured=None):
    """The configured number of senders needed to release an anonymous round, never below 3."""
    try:
        value = int(configured) if configured is not None else ABSOLUTE_MINIMUM
    except (TypeError, ValueError):
        value = ABSOLUTE_MINIMUM
    return max(ABSOLUTE_MINIMUM, value)


def release_state(is_anonymous: bool, is_open: bool, sent_count: int, minimum=ABSOLUTE_MINIMUM) -> Release:
    minimum = release_minimum(minimum)
    if not is_anonymous:
        return Release.LIVE
    if is_open:
        return Release.WAITING
    return Release.RELEASED if sent_count >= minimum else Release.WITHHELD


def results_visible(state: Release) -> bool:
    """Placement, group answers, spreads, discussion list and next steps."""
    return state in (Release.LIVE, Release.RELEASED)


def notes_visible(state: Release) -> bool:
    return results_visible(state)


def notes_attributed(state: Release) -> bool:
    """Only a named round shows who wrote a note."""
    return state == Release.LIVE


def individual_visible(state: Release) -> bool:
    """Each person's answers and progress: named rounds only."""
    return state == Release.LIVE


def spread_visible(state: Release, answer_count: int, minimum=ABSOLUTE_MINIMUM) -> bool:
    """The count of each answer to one statement: a named round always; a released anonymous round
    only where at least the minimum answered that statement."""
    if state == Release.LIVE:
        return True
    return state == Release.RELEASED and answer_count >= release_minimum(minimum)


def can_extend(is_anonymous: bool, is_open: bool, sent_count: int, minimum=ABSOLUTE_MINIMUM) -> bool:
    """Reopen a closed round with a new date: only a withheld anonymous round (never a released one)."""
    return release_state(is_anonymous, is_open, sent_count, minimum) == Release.WITHHELD


def can_convert_to_named(is_anonymous: bool, is_open: bool) -> bool:
    """An open anonymous round may become named. Answers already sent stop counting until each person
    has seen that it is named and sends again (see services.convert_to_named)."""
    return is_anonymous and is_open


def counts(invitations):
    """How many were invited, started (answered something, not sent) and sent.

    `invitations` is an iterable of (answered_count, sent: bool) pairs: no names travel here.
    """
    invited = started = sent = 0
    for answered, was_sent in invitations:
        invited += 1
        if was_sent:
            sent += 1
        elif answered:
            started += 1
    return RoundCounts(invited, started, sent)


@dataclass(frozen=True)
class RoundCounts:
    invited: int
    started: int  # answered something but have not sent
    sent: int

    @property
    def not_started(self):
        return self.invited - self.started - self.sent


def shuffled_notes(notes, seed):
    """Notes without names, in an order that does not follow who wrote them or when."""
    texts = sorted(n for n in notes if n)
    random.Random(seed).shuffle(texts)
    return texts
