"""What learner statistics an organisation may see: one pure rule, one setting (DESIGN privacy rules).

A view is a group of people a figure is computed over (everyone, a team, a filter, a cohort before
and after someone joins). A view is shown only if it has at least `minimum` people, and no two shown
views may differ by fewer than `minimum` people, since subtracting one figure from the other would
pick out the few who differ. When two views clash, the larger stays (it says less about anyone) and
the smaller is withheld; ties go to the view listed first.
"""

from collections.abc import Hashable, Iterable, Mapping

DEFAULT_MINIMUM = 5


def minimum_group():
    """The one place the minimum is read: settings.LEARNER_STATS_MINIMUM_GROUP."""
    from django.conf import settings

    return int(getattr(settings, "LEARNER_STATS_MINIMUM_GROUP", DEFAULT_MINIMUM))


def disclosable_views(views: Mapping[Hashable, Iterable[Hashable]], minimum: int | None = None) -> set:
    """The keys of the views that may be shown. `views` maps a view's key to the people in it."""
    minimum = minimum_group() if minimum is None else minimum
    people = {key: frozenset(members) for key, members in views.items()}
    order = sorted(people, key=lambda key: -len(people[key]))  # stable: ties keep their listed order
    shown = []
    for key in order:
        group = people[key]
        if len(group) < minimum:
            continue
        if any(0 < len(group ^ people[other]) < minimum for other in shown):
            continue
        shown.append(key)
    return set(shown)
