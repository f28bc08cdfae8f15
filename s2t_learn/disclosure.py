"""What learner statistics an organisation may see: one pure rule, one setting (DESIGN privacy rules).

A view is a group of people a figure is computed over (everyone, a team, a filter, a cohort before
and after someone joins). A view is shown only if it has at least `minimum` people, and no two shown
views may differ by fewer than `minimum` people, since subtracting one figure from the other would
pick out the few who differ.

Pairs are not enough. With everyone (11 people), team A (5) and team B (5), every pair differs by at
least 5 people, yet everyone minus A minus B is the figure for the one person in neither team. So the
rule looks at the cells of the shown views: two people are in the same cell when exactly the same
shown views hold them. Any figure worked out by adding and subtracting shown figures (counts, or
sums from means and group sizes) is a figure over a union of whole cells. A view is shown only if,
with it, every cell still has 0 or at least `minimum` people; then no such figure is about fewer than
`minimum` people. This implies the pair rule: the people two views differ by are whole cells.

When views clash, the larger is shown first (it says less about anyone) and the smaller is withheld;
ties go to the view listed first. The outcome depends only on the views given, so callers must give
every view that could be shown over the same figures, not just the ones on one page.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

DEFAULT_MINIMUM = 5


def minimum_group():
    """The one place the minimum is read: settings.LEARNER_STATS_MINIMUM_GROUP."""
    from django.conf import settings

    return int(getattr(settings, "LEARNER_STATS_MINIMUM_GROUP", DEFAULT_MINIMUM))


def cells(views: Iterable[frozenset]) -> Counter:
    """{the views holding a person (as a frozenset of positions): how many people} over these views."""
    views = list(views)
    holders = {}
    for position, group in enumerate(views):
        for person in group:
            holders.setdefault(person, set()).add(position)
    return Counter(frozenset(positions) for positions in holders.values())


def disclosable_views(views: Mapping[Hashable, Iterable[Hashable]], minimum: int | None = None) -> set:
    """The keys of the views that may be shown. `views` maps a view's key to the people in it."""
    minimum = minimum_group() if minimum is None else minimum
    people = {key: frozenset(members) for key, members in views.items()}
    order = sorted(people, key=lambda key: -len(people[key]))  # stable: ties keep their listed order
    shown = []
    for key in order:
        if len(people[key]) < minimum:
            continue
        trial = [people[other] for other in shown] + [people[key]]
        if any(size < minimum for size in cells(trial).values()):
            continue
        shown.append(key)
    return set(shown)
