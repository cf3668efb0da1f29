"""Grading of every question type, edge cases included, and properties that must always hold."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.quizzes.question_types import QUESTION_TYPES, InvalidAnswer, Line, parse_number


def parsed(type_name: str, body: str, settings=None):
    problems = []
    lines = [Line(n, text) for n, text in enumerate(body.split("\n"), start=10)]
    settings = {k: (v, 5) for k, v in (settings or {}).items()}
    prompt, data = QUESTION_TYPES[type_name].parse("k", lines, settings, lambda line, msg: problems.append((line, msg)))
    return prompt, data, problems


CHOICES = "Pilih.\n\n- [x] A\n- [x] B\n- [ ] C\n- [ ] D"


def ids(data, *texts):
    return [o["id"] for o in data["options"] if o["text"] in texts]


def grade(type_name, data, response):
    return QUESTION_TYPES[type_name].grade(data, response)


def test_single_choice_is_all_or_nothing():
    _, data, problems = parsed("single", "Pilih.\n\n- [ ] A\n- [x] B\n  > Tepat\n- [ ] C")
    assert problems == [] and data["options"][1]["feedback"] == "Tepat"
    assert grade("single", data, {"choices": ids(data, "B")}) == 1.0
    assert grade("single", data, {"choices": ids(data, "A")}) == 0.0
    assert grade("single", data, None) == 0.0
    with pytest.raises(InvalidAnswer):
        QUESTION_TYPES["single"].read_response(data, ids(data, "A", "B"))


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [(("A", "B"), 1.0), (("A",), 0.5), (("A", "C"), 0.0), (("A", "B", "C"), 0.5),
     (("A", "B", "C", "D"), 0.0), ((), 0.0), (("C", "D"), 0.0)],
)
def test_multiple_response_partial_credit_penalises_wrong_ticks(chosen, expected):
    _, data, _ = parsed("multiple", CHOICES)
    assert grade("multiple", data, {"choices": ids(data, *chosen)}) == pytest.approx(expected)


def test_multiple_with_every_option_right_has_no_penalty_term():
    _, data, _ = parsed("multiple", "Pilih.\n\n- [x] A\n- [x] B")
    assert grade("multiple", data, {"choices": ids(data, "A", "B")}) == 1.0


def test_unknown_option_ids_are_refused():
    _, data, _ = parsed("multiple", CHOICES)
    with pytest.raises(InvalidAnswer):
        QUESTION_TYPES["multiple"].read_response(data, ["forged"])


def test_true_false():
    _, data, problems = parsed("truefalse", "Pernyataan.", {"answer": "false"})
    assert problems == []
    assert grade("truefalse", data, QUESTION_TYPES["truefalse"].read_response(data, ["false"])) == 1.0
    assert grade("truefalse", data, {"value": True}) == 0.0
    with pytest.raises(InvalidAnswer):
        QUESTION_TYPES["truefalse"].read_response(data, ["maybe"])


def test_short_answer_ignores_case_and_spacing_but_not_spelling():
    _, data, _ = parsed("short", "Nama sistem?\n\n= SP4N-LAPOR!\n= SP4N LAPOR")
    read = QUESTION_TYPES["short"].read_response
    assert grade("short", data, read(data, ["  sp4n   lapor "])) == 1.0
    assert grade("short", data, read(data, ["SP4N-LAPOR!"])) == 1.0
    assert grade("short", data, read(data, ["LAPOR"])) == 0.0
    assert grade("short", data, read(data, [""])) == 0.0
    assert len(read(data, ["x" * 1_000_000])["text"]) == 500


@pytest.mark.parametrize(
    ("typed", "expected"), [("60", 1.0), ("60,4", 1.0), ("59.5", 1.0), ("60.6", 0.0), ("", 0.0)]
)
def test_numeric_with_tolerance_and_decimal_comma(typed, expected):
    _, data, _ = parsed("numeric", "Berapa?", {"answer": "60", "tolerance": "0.5"})
    assert grade("numeric", data, QUESTION_TYPES["numeric"].read_response(data, [typed])) == expected


@pytest.mark.parametrize("typed", ["1e400", "nan", "inf", "9" * 40, "12abc", "1.2.3"])
def test_numeric_refuses_what_is_not_a_plain_number(typed):
    with pytest.raises(InvalidAnswer):
        parse_number(typed)


def test_matching_scores_each_pair():
    _, data, problems = parsed("matching", "Pasangkan.\n\n- A -> 1\n- B -> 2\n- C -> 2")
    assert problems == [] and len(data["rights"]) == 2  # a right item used twice is listed once
    lefts = {p["left"]: p["id"] for p in data["pairs"]}
    rights = {r["text"]: r["id"] for r in data["rights"]}
    read = QUESTION_TYPES["matching"].read_response
    answer = read(data, [f"{lefts['A']}:{rights['1']}", f"{lefts['B']}:{rights['1']}", f"{lefts['C']}:"])
    assert grade("matching", data, answer) == pytest.approx(1 / 3)
    with pytest.raises(InvalidAnswer):
        read(data, [f"{lefts['A']}:forged"])


def test_essay_waits_for_a_person():
    assert grade("essay", {}, {"text": "Rencana saya..."}) is None
    assert len(QUESTION_TYPES["essay"].read_response({}, ["x" * 100_000])["text"]) == 20_000


@pytest.mark.parametrize(
    ("type_name", "body", "settings", "message"),
    [
        ("single", "Pilih.\n\n- [x] A\n- [x] B", None, "exactly one right option"),
        ("single", "Pilih.\n\n- [ ] A\n- [ ] B", None, "exactly one right option"),
        ("multiple", "Pilih.\n\n- [ ] A\n- [ ] B", None, "at least one right option"),
        ("single", "Pilih.\n\n- [x] A", None, "at least two options"),
        ("single", "Pilih.\n\n- [x] A\n- [ ] A", None, "same text"),
        ("truefalse", "Pernyataan.", {"answer": "ya"}, "'answer: true'"),
        ("short", "Apa?", None, "'= accepted answer'"),
        ("numeric", "Berapa?", {"answer": "enam"}, "'answer: <number>'"),
        ("matching", "Pasangkan.\n\n- A -> 1", None, "at least two pairs"),
    ],
)
def test_authoring_mistakes_are_reported(type_name, body, settings, message):
    _, _, problems = parsed(type_name, body, settings)
    assert any(message in text for _, text in problems), problems


def test_option_ids_do_not_depend_on_which_option_is_right():
    _, first, _ = parsed("single", "Pilih.\n\n- [x] A\n- [ ] B")
    _, second, _ = parsed("single", "Pilih.\n\n- [ ] A\n- [x] B")
    assert [o["id"] for o in first["options"]] == [o["id"] for o in second["options"]]


option_flags = st.lists(st.booleans(), min_size=2, max_size=8).filter(any)


@given(flags=option_flags, picks=st.lists(st.integers(0, 7), max_size=10))
def test_multiple_response_score_stays_within_bounds_and_ignores_order(flags, picks):
    body = "Pilih.\n\n" + "\n".join(f"- [{'x' if f else ' '}] opsi {i}" for i, f in enumerate(flags))
    _, data, _ = parsed("multiple", body)
    all_ids = [o["id"] for o in data["options"]]
    chosen = [all_ids[p % len(all_ids)] for p in picks]
    read = QUESTION_TYPES["multiple"].read_response
    forward = grade("multiple", data, read(data, chosen))
    backward = grade("multiple", data, read(data, list(reversed(chosen))))
    assert 0.0 <= forward <= 1.0 and forward == backward


@given(pairs=st.integers(2, 6), answer=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=8))
def test_matching_score_stays_within_bounds_and_ignores_order(pairs, answer):
    body = "Pasangkan.\n\n" + "\n".join(f"- kiri {i} -> kanan {i}" for i in range(pairs))
    _, data, _ = parsed("matching", body)
    lefts, rights = [p["id"] for p in data["pairs"]], [r["id"] for r in data["rights"]]
    values = [f"{lefts[a % pairs]}:{rights[b % pairs]}" for a, b in answer]
    read = QUESTION_TYPES["matching"].read_response
    # the last value for a left item wins, in either order of the form, so compare unique lefts
    unique = list({v.split(":")[0]: v for v in values}.values())
    forward = grade("matching", data, read(data, unique))
    backward = grade("matching", data, read(data, list(reversed(unique))))
    assert 0.0 <= forward <= 1.0 and forward == backward


@given(text=st.text(max_size=50))
def test_short_answer_grading_never_fails_and_stays_within_bounds(text):
    _, data, _ = parsed("short", "Apa?\n\n= jawaban")
    assert grade("short", data, QUESTION_TYPES["short"].read_response(data, [text])) in (0.0, 1.0)
