"""Pure audit functions: shares, withholding, reconciliation, agreement statistics against worked examples,
sentences, and the privacy checks."""

import pytest

from quizzes.audit import privacy, stats

N = None


# ---------------------------------------------------------------- reconciliation


@pytest.mark.parametrize(
    ("first", "second", "agreed", "expected"),
    [
        ("fully", "fully", None, "fully"),
        ("fully", "fully", "not_met", "fully"),  # nothing to agree: the shared rating stands
        ("fully", "partially", None, None),  # a difference not yet agreed
        ("fully", "partially", "partially", "partially"),
        ("not_met", "fully", "fully", "fully"),
        (None, "fully", "fully", None),  # a reader has not rated yet
        ("fully", None, None, None),
        (None, None, None, None),
    ],
)
def test_final_rating(first, second, agreed, expected):
    assert stats.final_rating(first, second, agreed) == expected


def test_needs_agreement_only_when_both_rated_and_different():
    assert stats.needs_agreement("fully", "partially")
    assert not stats.needs_agreement("fully", "fully")
    assert not stats.needs_agreement(None, "fully")


# ---------------------------------------------------------------- shares and withholding


def test_shares_of_the_edinburgh_2014_shape():
    ratings = ["fully"] * 3 + ["partially"] * 15 + ["not_met"] * 8
    s = stats.shares(ratings)
    assert (s.files, s.fully, s.partially, s.not_met, s.fully_or_partially) == (26, 12, 58, 31, 69)
    assert not s.withheld


def test_shares_ignore_unrated_files():
    s = stats.shares(["fully", None, "partially", None, "fully", "fully", "not_met"])
    assert s.files == 5
    assert s.counts == {"fully": 3, "partially": 1, "not_met": 1}


@pytest.mark.parametrize("n", [0, 1, 4])
def test_groups_below_five_files_are_withheld(n):
    s = stats.shares(["fully"] * n)
    assert s.withheld
    assert s.counts == {}
    assert s.fully is None and s.fully_or_partially is None and s.not_met is None


def test_five_files_are_shown():
    s = stats.shares(["fully"] * 5)
    assert not s.withheld and s.fully == 100


def test_results_by_measure_per_group_withholds_small_groups_only():
    files = [{"group": "trained", "ratings": {"m": "fully"}} for _ in range(5)]
    files += [{"group": "untrained", "ratings": {"m": "not_met"}} for _ in range(3)]
    out = stats.results_by_measure(["m"], files, ["trained", "untrained"])
    assert out["m"]["all"].files == 8 and out["m"]["all"].fully == 62
    assert out["m"]["groups"]["trained"].fully == 100
    assert out["m"]["groups"]["untrained"].withheld


# ---------------------------------------------------------------- agreement statistics


def test_percent_agreement():
    assert stats.percent_agreement([("fully", "fully"), ("fully", "not_met"), (None, "fully")]) == 50
    assert stats.percent_agreement([]) is None


def test_cohens_kappa_wikipedia_worked_example():
    # Wikipedia, "Cohen's kappa", worked example: 50 proposals, 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert stats.weighted_kappa(pairs, ["y", "n"], weights="none") == pytest.approx(0.4)
    # With two categories every weighting is the same statistic.
    assert stats.weighted_kappa(pairs, ["y", "n"], weights="linear") == pytest.approx(0.4)
    assert stats.weighted_kappa(pairs, ["y", "n"], weights="quadratic") == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("table", "kappa"),
    # Wikipedia's two tables with equal agreement (60%) and different kappas.
    [((45, 15, 25, 15), 0.1304), ((25, 35, 5, 35), 0.2593)],
)
def test_cohens_kappa_wikipedia_same_agreement_different_kappa(table, kappa):
    yy, yn, ny, nn = table
    pairs = [("y", "y")] * yy + [("y", "n")] * yn + [("n", "y")] * ny + [("n", "n")] * nn
    assert stats.weighted_kappa(pairs, ["y", "n"], weights="none") == pytest.approx(kappa, abs=1e-4)


def test_linear_weighted_kappa_hand_worked():
    # Observed mean disagreement 0.25 (two half-step misses in four); expected from the margins 0.5.
    pairs = [("A", "A"), ("A", "B"), ("B", "C"), ("C", "C")]
    assert stats.weighted_kappa(pairs, ["A", "B", "C"], weights="linear") == pytest.approx(0.5)
    # Quadratic weights square the distances: observed 0.125, expected from the margins 0.40625.
    assert stats.weighted_kappa(pairs, ["A", "B", "C"], weights="quadratic") == pytest.approx(1 - 0.125 / 0.40625)


def test_kappa_undefined_cases():
    assert stats.weighted_kappa([], ["a", "b"]) is None
    assert stats.weighted_kappa([("a", "a"), ("a", "a")], ["a", "b"]) is None  # no variation
    assert stats.weighted_kappa([("a", "b"), ("b", "a")], ["a", "b"], "none") == pytest.approx(-1)


KRIPPENDORFF_2011 = list(
    map(
        list,
        zip(
            [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
            strict=True,
        ),
    )
)


def test_krippendorff_own_example_four_observers_missing_data():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: alpha nominal 0.743,
    # ordinal 0.815, interval 0.849 (ratio 0.797, a metric not offered here).
    assert stats.krippendorff_alpha(KRIPPENDORFF_2011, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert stats.krippendorff_alpha(KRIPPENDORFF_2011, "ordinal") == pytest.approx(0.815, abs=5e-4)
    assert stats.krippendorff_alpha(KRIPPENDORFF_2011, "interval") == pytest.approx(0.849, abs=5e-4)


def test_krippendorff_binary_two_coders():
    # Krippendorff (2011), section A: two observers, binary data, alpha 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    units = [list(u) for u in zip(a, b, strict=True)]
    assert stats.krippendorff_alpha(units, "nominal") == pytest.approx(0.095, abs=5e-4)
    # With two values, the ordinal metric is the nominal one scaled: the same alpha.
    assert stats.krippendorff_alpha(units, "ordinal") == pytest.approx(0.095, abs=5e-4)


def test_krippendorff_wikipedia_example():
    # Wikipedia, "Krippendorff's alpha", computational example: three coders, 15 units, nominal 0.691.
    data = [
        [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
        [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
        [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
    ]
    units = [list(u) for u in zip(*data, strict=True)]
    assert stats.krippendorff_alpha(units, "nominal") == pytest.approx(0.691, abs=5e-4)
    assert stats.krippendorff_alpha(units, "interval") == pytest.approx(0.811, abs=5e-4)


def test_krippendorff_perfect_and_undefined():
    assert stats.krippendorff_alpha([["a", "a"], ["b", "b"]], "nominal") == 1
    assert stats.krippendorff_alpha([["a", "a"], ["a", "a"]], "nominal") is None  # no variation
    assert stats.krippendorff_alpha([["a"], [None, "b"]], "nominal") is None  # nothing pairable


def test_agreement_for_measure_uses_the_rating_order():
    near = [("fully", "partially")] * 2 + [("fully", "fully")] * 3 + [("not_met", "not_met")] * 3
    far = [("fully", "not_met")] * 2 + [("fully", "fully")] * 3 + [("partially", "partially")] * 3
    a, b = stats.agreement_for_measure(near), stats.agreement_for_measure(far)
    assert a["percent"] == b["percent"] == 75
    assert a["alpha"] > b["alpha"]  # a one-step miss is a smaller disagreement than a two-step one
    assert stats.agreement_label(0.85) == "good"
    assert stats.agreement_label(0.7) == "tentative"
    assert stats.agreement_label(None).startswith("not enough")


# ---------------------------------------------------------------- sentences


def test_shift_sentence_reads_like_the_report():
    text = stats.shift_sentence("Fully or partially met", 69, 100, "2014", "2017, trained")
    assert text == "Fully or partially met rose from 69% (2014) to 100% (2017, trained)."
    assert "fell from 50%" in stats.shift_sentence("X", 50, 40, "a", "b")
    assert "stayed at 40%" in stats.shift_sentence("X", 40, 40, "a", "b")
    assert "not compared" in stats.shift_sentence("X", None, 40, "a", "b")


def test_measure_sentences_and_withheld():
    s = stats.shares(["fully"] * 3 + ["partially"] * 15 + ["not_met"] * 8)
    assert stats.measure_sentences("Risk", s) == [
        "Risk: 12% of files fully met best practice, 69% fully or partially, and 31% did not meet it."
    ]
    assert "withheld" in stats.measure_sentences("Risk", stats.shares(["fully"]))[0]


def test_sample_notes_flag_differences():
    before = {"files": 26, "criteria": "Three reports", "groups": ["All"], "group_sizes": {"All": 26}}
    after = {"files": 30, "criteria": "Other", "groups": ["T", "U"], "group_sizes": {"T": 4, "U": 26}}
    notes = " ".join(stats.sample_notes(before, after))
    assert "26 files, then 30" in notes
    assert "criteria differ" in notes
    assert "groups differ" in notes
    assert "withheld: T" in notes
    same = stats.sample_notes(before, before)
    assert len(same) == 1  # only the general caution


# ---------------------------------------------------------------- privacy


@pytest.mark.parametrize("reference", ["F17-03", "A25-01", "2017/14", "C-9", "x1", "SW.22.4"])
def test_references_that_are_accepted(reference):
    assert privacy.reference_problem(reference) is None


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        ("", "Give the file a reference"),
        ("Jane Smith", "no spaces"),
        ("Smith", "could be a name"),
        ("MacDonald", "could be a name"),
        ("0101901234", "CHI, NHS"),  # a CHI number: ten digits, date of birth first
        ("943-476-5919", "CHI, NHS"),  # an NHS number with dashes
        ("QQ123456C", "National Insurance"),
        ("AB123456", "National Insurance"),
        ("12/03/2015", "date"),
        ("2015-03-12", "date"),
        ("120315", "date"),  # ddmmyy
        ("F120315", "date"),
        ("123456789", "long run of digits"),
        ("A" * 21, "20 characters"),
        ("F17<03>", "Use only letters"),
    ],
)
def test_references_that_are_refused(reference, words):
    problem = privacy.reference_problem(reference)
    assert problem is not None and words in problem


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The assessment lists police call-outs only; no history with earlier partners.",
        "Plan names the mother's protective efforts and sets separate actions for the father.",
        "Reviewed at the team meeting on 12/03/2027.",  # a date without a name
        "Worker trained in the model",
    ],
)
def test_free_text_that_is_accepted(text):
    assert privacy.free_text_problem(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The file for Jane Smith, born 12/03/2015, shows", "name with a date"),
        ("Seen with Mrs Patel on 3 March 2016", "name with a date"),
        ("CHI 0101901234 is on the plan", "CHI"),
        ("NI number QQ 12 34 56 C", "National Insurance"),
    ],
)
def test_free_text_that_is_refused(text, words):
    problem = privacy.free_text_problem(text)
    assert problem is not None and words in problem
