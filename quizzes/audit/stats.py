"""Pure functions for case-file audit results. Plain data in, plain data out; no ORM.

Ratings are ordinal: not met < partially met < fully met.
"""

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from django.utils.translation import gettext as _

RATINGS = ("fully", "partially", "not_met")
ORDER = {"not_met": 0, "partially": 1, "fully": 2}
MIN_GROUP_FILES = 5


def final_rating(first, second, agreed=None):
    """A file's rating on one measure: the readers' shared rating, or the pair's agreed one where they
    differed. None while either reader has not rated it, or while a difference is not yet agreed."""
    if first is None or second is None:
        return None
    if first == second:
        return first
    return agreed


def needs_agreement(first, second):
    return first is not None and second is not None and first != second


@dataclass(frozen=True)
class Shares:
    files: int  # files with a final rating on this measure
    counts: dict  # rating -> number of files
    withheld: bool

    def percent(self, rating):
        if self.withheld or not self.files:
            return None
        return round(100 * self.counts.get(rating, 0) / self.files)

    @property
    def fully(self):
        return self.percent("fully")

    @property
    def partially(self):
        return self.percent("partially")

    @property
    def not_met(self):
        return self.percent("not_met")

    @property
    def fully_or_partially(self):
        if self.withheld or not self.files:
            return None
        return round(100 * (self.counts.get("fully", 0) + self.counts.get("partially", 0)) / self.files)


def shares(ratings, minimum=MIN_GROUP_FILES):
    """Shares of fully / partially / not met among the rated files. Withheld below `minimum` files, so
    that a small group's practice cannot be read off one or two files."""
    rated = [r for r in ratings if r in ORDER]
    counts = Counter(rated)
    withheld = len(rated) < minimum
    return Shares(
        files=len(rated), counts={} if withheld else {r: counts.get(r, 0) for r in RATINGS}, withheld=withheld
    )


def results_by_measure(measure_keys, files, groups, minimum=MIN_GROUP_FILES):
    """`files` is a list of {"group": ..., "ratings": {measure: final rating or None}}. Returns
    {measure: {"all": Shares, "groups": {group: Shares}}}."""
    out = {}
    for key in measure_keys:
        everything = [f["ratings"].get(key) for f in files]
        out[key] = {
            "all": shares(everything, minimum),
            "groups": {g: shares([f["ratings"].get(key) for f in files if f["group"] == g], minimum) for g in groups},
        }
    return out


# ---------------------------------------------------------------- agreement between readers


def percent_agreement(pairs):
    """The share of rated pairs where both readers gave the same rating, 0..100; None with no pairs."""
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    if not pairs:
        return None
    return 100 * sum(1 for a, b in pairs if a == b) / len(pairs)


def weighted_kappa(pairs, categories, weights="linear"):
    """Cohen's (1968) weighted kappa for two raters over ordered `categories`.

    weights: "linear", "quadratic" or "none" (plain Cohen's kappa). Returns None when it is undefined
    (no pairs, or chance agreement is already complete)."""
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    k = len(categories)
    if not pairs or k < 2:
        return None
    index = {c: i for i, c in enumerate(categories)}
    n = len(pairs)
    observed = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        observed[index[a]][index[b]] += 1 / n
    rows = [sum(observed[i]) for i in range(k)]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]

    def disagreement(i, j):
        if weights == "none":
            return 0.0 if i == j else 1.0
        distance = abs(i - j) / (k - 1)
        return distance**2 if weights == "quadratic" else distance

    observed_d = sum(disagreement(i, j) * observed[i][j] for i in range(k) for j in range(k))
    expected_d = sum(disagreement(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if expected_d == 0:
        return None
    return 1 - observed_d / expected_d


def _ordinal_distance(c, k, counts, values):
    """Krippendorff's ordinal metric between ranks c < k: (sum of n_g for g in c..k - (n_c + n_k)/2)^2."""
    lo, hi = sorted((c, k))
    between = sum(counts[values[g]] for g in range(lo, hi + 1))
    return (between - (counts[values[lo]] + counts[values[hi]]) / 2) ** 2


def krippendorff_alpha(units, level="ordinal", order=None):
    """Krippendorff's alpha for any number of coders and missing values.

    `units` is a list of lists: the values given to each unit (missing ones left out or None).
    level: "nominal", "ordinal" (needs `order`, lowest first, or sortable values) or "interval".
    Returns None when it is undefined (fewer than two pairable values, or no variation at all)."""
    units = [[v for v in unit if v is not None] for unit in units]
    units = [unit for unit in units if len(unit) >= 2]
    if not units:
        return None
    values = list(order) if order is not None else sorted({v for unit in units for v in unit})
    rank = {v: i for i, v in enumerate(values)}
    # The coincidence matrix: each ordered pair of values within a unit, weighted 1 / (m_u - 1).
    coincidence = Counter()
    for unit in units:
        m = len(unit)
        for i, j in combinations(range(m), 2):
            coincidence[(unit[i], unit[j])] += 1 / (m - 1)
            coincidence[(unit[j], unit[i])] += 1 / (m - 1)
    counts = Counter()
    for (c, _k), weight in coincidence.items():
        counts[c] += weight
    for v in values:
        counts.setdefault(v, 0)
    n = sum(counts.values())
    if n <= 1:
        return None

    def delta(c, k):
        if c == k:
            return 0.0
        if level == "nominal":
            return 1.0
        if level == "interval":
            return float(c - k) ** 2
        if level == "ordinal":
            return _ordinal_distance(rank[c], rank[k], counts, values)
        raise ValueError(f"unknown level {level}")

    observed = sum(weight * delta(c, k) for (c, k), weight in coincidence.items())
    expected = sum(counts[c] * counts[k] * delta(c, k) for c in values for k in values) / (n - 1)
    if expected == 0:
        return None
    return 1 - observed / expected


def agreement_for_measure(pairs):
    """Percent agreement and ordinal Krippendorff's alpha for one measure, over (first, second) pairs."""
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    alpha = krippendorff_alpha([[a, b] for a, b in pairs], level="ordinal", order=["not_met", "partially", "fully"])
    return {
        "pairs": len(pairs),
        "percent": percent_agreement(pairs),
        "alpha": alpha,
    }


def agreement_label(alpha):
    """A plain reading of alpha, after Krippendorff's own advice (0.8 reliable, 0.667 tentative)."""
    if alpha is None:
        return _("not enough pairs to say")
    if alpha >= 0.8:
        return _("good")
    if alpha >= 0.667:
        return _("tentative")
    return _("low: the guidance may need sharpening")


# ---------------------------------------------------------------- comparison and sentences


def shift_sentence(what, before, after, label_before, label_after):
    """ "Fully or partially met rose from 69% to 100%": a report-style sentence for one share."""
    if before is None or after is None:
        return _("%(what)s: not compared (a group had fewer than %(n)s files).") % {"what": what, "n": MIN_GROUP_FILES}
    values = {"what": what, "before": before, "after": after, "a": label_before, "b": label_after}
    if after > before:
        return _("%(what)s rose from %(before)s%% (%(a)s) to %(after)s%% (%(b)s).") % values
    if after < before:
        return _("%(what)s fell from %(before)s%% (%(a)s) to %(after)s%% (%(b)s).") % values
    return _("%(what)s stayed at %(after)s%% (%(a)s and %(b)s).") % values


def measure_sentences(title, shares_all):
    """Sentences for one measure of one audit, from its overall shares."""
    if shares_all.withheld:
        return [_("%(title)s: withheld, fewer than %(n)s files rated.") % {"title": title, "n": MIN_GROUP_FILES}]
    return [
        _(
            "%(title)s: %(fully)s%% of files fully met best practice, %(either)s%% fully or partially, "
            "and %(not)s%% did not meet it."
        )
        % {
            "title": title,
            "fully": shares_all.fully,
            "either": shares_all.fully_or_partially,
            "not": shares_all.not_met,
        }
    ]


def sample_notes(before, after):
    """Differences between two audits' samples that a reader of the comparison should weigh.
    `before` and `after` are {"files": n, "criteria": text, "groups": [..], "group_sizes": {g: n}}."""
    notes = []
    if before["files"] != after["files"]:
        notes.append(
            _("The samples differ in size: %(a)s files, then %(b)s.") % {"a": before["files"], "b": after["files"]}
        )
    if (before.get("criteria") or "").strip() != (after.get("criteria") or "").strip():
        notes.append(_("The sample criteria differ, so the files may not be alike."))
    if list(before.get("groups") or []) != list(after.get("groups") or []):
        notes.append(_("The comparison groups differ between the audits."))
    small = [g for g, n in (after.get("group_sizes") or {}).items() if n < MIN_GROUP_FILES]
    if small:
        notes.append(
            _("Groups with fewer than %(n)s files are withheld: %(groups)s.")
            % {"n": MIN_GROUP_FILES, "groups": ", ".join(small)}
        )
    notes.append(
        _(
            "Small samples move a lot with one file, and files may not be chosen at random: read shifts as a "
            "sign to look closer, not as proof."
        )
    )
    return notes
