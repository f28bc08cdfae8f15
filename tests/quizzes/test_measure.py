import pytest

from quizzes.measure import MIN_GROUP, cohort_table, mean, my_table, validate_ratings

ITEMS = [
    {"key": "k1", "text": "Knowledge one", "kind": "knowledge"},
    {"key": "c1", "text": "Confidence", "kind": "confidence"},
]


def test_my_table_change():
    rows = my_table(ITEMS, {"k1": 2, "c1": 3}, {"k1": 4})
    assert [(r.key, r.before, r.after, r.change) for r in rows] == [("k1", 2, 4, 2), ("c1", 3, None, None)]


def test_cohort_means_on_known_data():
    pairs = [({"k1": b, "c1": 1}, {"k1": a, "c1": 5}) for b, a in [(1, 3), (2, 4), (3, 5), (2, 2), (2, 4)]]
    rows, n = cohort_table(ITEMS, pairs)
    assert n == 5
    assert (rows[0].before, rows[0].after, rows[0].change) == (2.0, 3.6, 1.6)
    assert (rows[1].before, rows[1].after, rows[1].change) == (1.0, 5.0, 4.0)


def test_only_matched_pairs_count_and_small_groups_are_withheld():
    complete = [({"k1": 1, "c1": 1}, {"k1": 2, "c1": 2})] * (MIN_GROUP - 1)
    unmatched = [({"k1": 1, "c1": 1}, None), (None, {"k1": 5, "c1": 5})] * 3
    rows, n = cohort_table(ITEMS, complete + unmatched)
    assert rows is None and n == MIN_GROUP - 1
    rows, n = cohort_table(ITEMS, complete + unmatched + [({"k1": 1, "c1": 1}, {"k1": 2, "c1": 2})])
    assert n == MIN_GROUP and rows[0].before == 1.0 and rows[0].after == 2.0


def test_mean_ignores_missing():
    assert mean([1, None, 2]) == 1.5 and mean([]) is None


@pytest.mark.parametrize(
    ("ratings", "bad"),
    [
        ({"k1": 1, "c1": 5}, set()),
        ({"k1": "3", "c1": "4"}, set()),
        ({"k1": 0, "c1": 6}, {"k1", "c1"}),
        ({"k1": "x"}, {"k1", "c1"}),
        ({"k1": 2.5, "c1": 2}, {"k1"}),
        ({"k1": 1, "c1": 1, "zz": 3}, {"zz"}),
    ],
)
def test_validate_ratings(ratings, bad):
    assert set(validate_ratings(["k1", "c1"], ratings)) == bad
