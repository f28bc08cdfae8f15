"""Planning's panel on a round's results page (registered with quizzes.assessment.results.panels)."""

from .targets import selectors as target_selectors


def next_steps_and_targets(*, membership, round_, placement) -> dict:
    """Next steps in order (each linking to the page that assigns its learning), targets and gaps, for
    a round the lead read. Two queries on top of the placement."""
    context = target_selectors.results_planning(membership=membership, round_=round_, placement=placement)
    for position, step in enumerate(context["next_steps"], start=1):
        step.position = position
    return context
