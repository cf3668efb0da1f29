"""Importing Moodle GIFT: every supported construct becomes a question our own parser reads back;
everything else is a problem at its GIFT line, and then nothing is converted or written."""

import textwrap
from pathlib import Path

import pytest

from elearn.contentsync.services import check_content
from elearn.quizzes.gift import gift_to_quiz
from elearn.quizzes.parsing import load_quiz
from tests.plugins.factories import write_course


def converted(gift: str, title: str = "Bank Soal") -> dict:
    """{key: QuestionSource} of the converted quiz, read back with our own parser."""
    text, problems = gift_to_quiz(textwrap.dedent(gift), "bank.gift", title)
    assert problems == [], [str(p) for p in problems]
    found = []
    root = Path("/content")
    quiz = load_quiz(root / "kursus" / "90-bank-soal.quiz", root, text, "Asia/Jakarta", found)
    assert found == [], [str(p) for p in found]
    assert (quiz.title, quiz.role) == (title, "practice")
    return {question.key: question for question in quiz.questions}


def only(gift: str):
    [question] = converted(gift).values()
    return question


def problems_of(gift: str) -> list[str]:
    text, problems = gift_to_quiz(textwrap.dedent(gift), "bank.gift", "Bank Soal")
    assert text is None
    return [str(problem) for problem in problems]


def options(question) -> list[tuple]:
    return [(o["text"], o["correct"], o["feedback"]) for o in question.data["options"]]


def test_multiple_choice_with_one_right_answer_becomes_single_with_feedback():
    question = only("""\
        ::Maklumat::Apa yang dimaksud dengan *maklumat pelayanan*? {
          =Janji tertulis penyelenggara # Tepat.
          ~Daftar tarif#Tarif hanya satu komponen.
          ~Surat keputusan
          ####Maklumat adalah janji yang dapat ditagih warga.
        }
    """)
    assert (question.key, question.type) == ("maklumat", "single")
    assert question.prompt == "Apa yang dimaksud dengan *maklumat pelayanan*?"
    assert options(question) == [("Janji tertulis penyelenggara", True, "Tepat."),
                                 ("Daftar tarif", False, "Tarif hanya satu komponen."),
                                 ("Surat keputusan", False, "")]
    assert question.feedback == "Maklumat adalah janji yang dapat ditagih warga."


def test_weighted_multiple_choice_becomes_multiple_with_the_positive_options_right():
    question = only("Kanal resmi? {~%50%SP4N-LAPOR! ~%50%Kotak saran ~%-100%Grup WA ~Media sosial}")
    assert question.type == "multiple"
    assert [(text, correct) for text, correct, _ in options(question)] == [
        ("SP4N-LAPOR!", True), ("Kotak saran", True), ("Grup WA", False), ("Media sosial", False)]


def test_a_single_full_weight_without_equals_is_still_a_multiple_response_question_as_in_moodle():
    question = only("Pilih. {~%100%Benar ~%0%Salah ~Juga salah}")
    assert question.type == "multiple"
    assert [correct for _, correct, _ in options(question)] == [True, False, False]


@pytest.mark.parametrize(("written", "answer"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)])
def test_true_false_in_every_spelling(written, answer):
    question = only(f"Pengaduan boleh tanpa identitas.{{{written}}}")
    assert (question.type, question.data, question.prompt) == (
        "truefalse", {"answer": answer}, "Pengaduan boleh tanpa identitas.")


def test_short_answers_become_accepted_answers_and_lowercase_true_is_one_as_in_moodle():
    question = only("Nama sistem pengaduan nasional? {=SP4N-LAPOR! =%100%SP4N LAPOR}")
    assert (question.type, question.data) == ("short", {"accepted": ["SP4N-LAPOR!", "SP4N LAPOR"]})
    assert only("Benar atau salah? {true}").data == {"accepted": ["true"]}


@pytest.mark.parametrize(("answers", "feedback"), [
    ("{F#Salah: ia dimakamkan.#Benar.####Lihat sejarahnya.}", "Lihat sejarahnya. — Salah: ia dimakamkan. — Benar."),
    ("{=SP4N-LAPOR!#Betul =SP4N LAPOR#Juga betul####Lihat Perpres.}", "Lihat Perpres. — Betul — Juga betul"),
    ("{#60:0 #Tepat ~#Lihat Perpres ####Batas waktu.}", "Batas waktu. — Tepat — Lihat Perpres"),
])
def test_answer_feedback_our_type_cannot_hold_joins_the_general_feedback_in_the_order_written(answers, feedback):
    assert only(f"Pertanyaan? {answers}").feedback == feedback


@pytest.mark.parametrize(("answers", "answer", "tolerance"), [
    ("{#3.5:0.1}", 3.5, 0.1), ("{#1..5}", 3.0, 2.0), ("{#0.1..0.2}", 0.15, 0.05), ("{#60}", 60.0, 0.0),
    ("{#=%100%-2.50:0.25#Tepat}", -2.5, 0.25), ("{#\n=1822:5\n}", 1822.0, 5.0),
])
def test_numeric_answers_with_tolerance_or_range(answers, answer, tolerance):
    question = only(f"Berapa? {answers}")
    assert (question.type, question.data) == ("numeric", {"answer": answer, "tolerance": tolerance})


def test_matching_pairs():
    question = only("Pasangkan istilahnya. {\n=SKM -> Survei Kepuasan Masyarakat\n=SP -> Standar Pelayanan\n"
                    "=SOP -> Standar Pelayanan\n}")
    rights = {right["id"]: right["text"] for right in question.data["rights"]}
    assert question.type == "matching"
    assert [(pair["left"], rights[pair["right_id"]]) for pair in question.data["pairs"]] == [
        ("SKM", "Survei Kepuasan Masyarakat"), ("SP", "Standar Pelayanan"), ("SOP", "Standar Pelayanan")]


def test_essay_with_general_feedback():
    question = only("Jelaskan rencana Anda. {####Dinilai oleh mentor.}")
    assert (question.type, question.data, question.feedback) == ("essay", {}, "Dinilai oleh mentor.")
    assert only("Jelaskan. {}").type == "essay"


def test_escaped_characters_are_kept_as_text():
    question = only(r"Apa arti \{x\} \= 1 \: 2 \~ \# 3? {=a \= b \# c#umpan \~ balik ~\\ d}")
    assert question.prompt == "Apa arti {x} = 1 : 2 ~ # 3?"
    assert options(question) == [("a = b # c", True, "umpan ~ balik"), ("\\ d", False, "")]


def test_multi_line_questions_with_comments_inside():
    question = only("""\
        // exported from Moodle
        ::Kanal::Mana saja kanal
        // a comment inside the question
        pengaduan resmi?
        {
          ~%50%SP4N-LAPOR!
          ~%50%Kotak saran
          ~%-100%Grup WhatsApp
        }
    """)
    assert question.prompt == "Mana saja kanal\npengaduan resmi?"
    assert len(options(question)) == 3


def test_newline_escape_and_format_prefixes():
    question = only("[html]<p>Baris satu</p>\\n<p>Baris dua</p>{=[plain]Ya ~[markdown]*Tidak*}")
    assert question.prompt == "<p>Baris satu</p>\n<p>Baris dua</p>"
    assert [text for text, _, _ in options(question)] == ["Ya", "*Tidak*"]


def test_categories_become_the_topic_of_the_questions_that_follow():
    questions = converted("Tanpa kategori. {T}\n\n$CATEGORY: $course$/top/Pelayanan Publik/Maklumat\n\n"
                          "Satu. {T}\n\nDua. {F}\n\n$CATEGORY: Pengaduan\nTiga. {T}\n")
    assert [q.topic for q in questions.values()] == [None, "Maklumat", "Maklumat", "Pengaduan"]


def test_titles_become_unique_keys_and_untitled_questions_are_numbered_by_position():
    long_title = "Pertanyaan yang judulnya sangat panjang sekali melebihi batas"
    titles = ["::Maklumat Pelayanan!::", "::maklumat  pelayanan::", "", f"::{long_title}::",
              f"::{long_title} juga::", "::Évaluasi \\: kebijakan::", "::???::"]
    questions = converted("\n\n".join(f"{title}Soal. {{T}}" for title in titles))
    assert list(questions) == ["maklumat-pelayanan", "maklumat-pelayanan-2", "q3",
                               "pertanyaan-yang-judulnya-sangat-panjang", "pertanyaan-yang-judulnya-sangat-panjan-2",
                               "evaluasi-kebijakan", "q7"]


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    assert only("\ufeff::Satu::Benar?{T}\r\n\r\n").key == "satu"


@pytest.mark.parametrize(("gift", "line", "message"), [
    ("Grant is {~buried =entombed ~living} in Grant's tomb.", 4, "missing-word format"),
    ("Ibu kota?\n{=Jakarta\n=%50%Bandung}", 6, "partial credit on a short answer (%50%)"),
    ("Nama? {=SP4N*}", 4, "wildcard '*'"),
    ("Berapa? {#=1.5:0.1 =%50%2}", 4, "several or weighted numeric answers"),
    ("Berapa? {#=%50%2}", 4, "several or weighted numeric answers"),
    ("Berapa?\n{#\n=1\n=2}", 6, "several or weighted numeric answers"),
    ("Berapa? {#dua}", 4, "not 'dua'"),
    ("Pilih. {~a ~b ~c}", 4, "needs a right answer"),
    ("Pilih. {~%-50%a ~%0%b}", 4, "needs a right answer"),
    ("Pilih. {=a =b ~c}", 4, "exactly one right answer, not 2"),
    ("Pilih. {=a ~%50%b ~c}", 4, "weights '%...%' next to a right answer '='"),
    ("Pilih. {=a ~}", 4, "at least two answers, none empty"),
    ("Pilih.\n{\n=a\n~b", 5, "the '{' is never closed"),
    ("Pilih. =a ~b}", 4, "a '}' without an opening '{'"),
    ("Pilih. {=a {~b}", 4, "a second '{'"),
    ("Pasangkan. {=a -> 1}", 4, "at least two pairs"),
    ("Pasangkan. {\n=a -> 1\n=b -> 2\n= -> 3\n}", 7, "right items without a left item"),
    ("Pasangkan. {=a -> 1#x =b -> 2}", 4, "cannot have a weight or '#' feedback"),
    ("Teks tanpa jawaban.", 4, "Moodle's descriptions"),
    ("::Judul tanpa akhir {T}", 4, "never closed by '::'"),
    ("{=a ~b}", 4, "no text before its answers"),
    ("Berapa? {#1e20000000}", 4, "not '1e20000000'"),
    ("Berapa? {#1e999}", 4, "at most 15 digits before the decimal point and 10 after it"),
    ("Berapa? {#1..1e400}", 4, "at most 15 digits before the decimal point and 10 after it"),
    ("Berapa? {#0.5:1e-20}", 4, "at most 15 digits before the decimal point and 10 after it"),
    ("Berapa? {#12345678901234567890}", 4, "at most 15 digits before the decimal point"),
    ("Berapa? {#١٢}", 4, "not '١٢'"),
])
def test_unsupported_constructs_are_reported_at_their_line_and_nothing_is_converted(gift, line, message):
    found = problems_of(f"// bank\nBaik. {{T}}\n\n{gift}\n\nJuga baik. {{F}}\n")
    assert len(found) == 1 and found[0].startswith(f"bank.gift:{line}: "), found
    assert message in found[0]


def test_every_problem_of_the_file_is_reported_at_once():
    found = problems_of("Satu {=a =b ~c}\n\nDua. {T}\n\nTiga. {#x}\n")
    assert [problem.split(":")[1] for problem in found] == ["1", "5"]


def test_an_empty_file_is_a_problem():
    assert problems_of("// only a comment\n") == ["bank.gift:1: the file holds no questions"]


def test_a_question_our_format_would_read_differently_is_refused():
    found = problems_of("Baik. {T}\n\nHitung:\n= 2 + 3\n{=5}\n")
    assert found == ["bank.gift:3: question 'q2' would change its meaning in our quiz format "
                     "(its text probably ends with lines that look like answers)"]


def test_a_question_our_parser_rejects_is_reported_at_its_gift_line():
    found = problems_of("Baik. {T}\n\nJudul:\n## Bagian\nPilih. {=a ~b}\n")
    assert found and all(p.startswith("bank.gift:3: the converted question could not be represented") for p in found)


def test_a_title_our_format_rejects_is_reported_at_line_1():
    text, problems = gift_to_quiz("Baik. {T}\n", "bank.gift", "x" * 201)
    assert text is None and [str(p) for p in problems] == [
        "bank.gift:1: the converted quiz could not be represented in our quiz format: "
        "'title' is longer than 200 characters"]


# The `flask content import-gift` command.

BANK = ("$CATEGORY: Pelayanan/Maklumat\n\n::Maklumat::Apa itu maklumat? {=Janji tertulis ~Daftar tarif}\n\n"
        "Pengaduan boleh tanpa identitas.{T}\n\nBerapa hari? {#60}\n")


@pytest.fixture
def course_folder(app, tmp_path, monkeypatch):
    """The folder of course `pelayanan-publik`, in a content folder of its own the app is pointed at."""
    monkeypatch.setitem(app.config, "ELEARN_CONTENT_DIR", str(tmp_path / "content"))
    return write_course(tmp_path / "content", "pelayanan-publik", folder="01-pelayanan")


def import_gift(app, tmp_path, gift: str | bytes, *extra, course="pelayanan-publik", quiz="90-bank-soal"):
    path = tmp_path / "bank.gift"
    path.write_bytes(gift if isinstance(gift, bytes) else gift.encode())
    return app.test_cli_runner().invoke(args=[
        "content", "import-gift", str(path), "--course", course, "--quiz", quiz, *extra])


def test_cli_writes_a_quiz_the_content_check_accepts(app, course_folder, tmp_path):
    result = import_gift(app, tmp_path, BANK, "--title", "Bank Soal Maklumat")
    assert result.exit_code == 0, result.output
    assert "content/01-pelayanan/90-bank-soal.quiz: 1 single, 1 truefalse, 1 numeric" in result.stdout
    assert "flask content sync" in result.stdout
    written = (course_folder / "90-bank-soal.quiz").read_text()
    assert written.startswith("---\ntitle: Bank Soal Maklumat\nrole: practice\n---\n")
    assert "## maklumat single\ntopic: Maklumat\n" in written
    assert check_content(course_folder.parent) == []


def test_cli_takes_the_default_title_from_the_quiz_slug_and_accepts_a_bom(app, course_folder, tmp_path):
    assert import_gift(app, tmp_path, "\ufeff" + BANK).exit_code == 0
    assert "title: Bank soal\n" in (course_folder / "90-bank-soal.quiz").read_text()


def test_cli_refuses_to_overwrite_an_existing_quiz_unless_forced(app, course_folder, tmp_path):
    target = course_folder / "90-bank-soal.quiz"
    target.write_text("kept")
    result = import_gift(app, tmp_path, BANK)
    assert result.exit_code == 1 and "already exists; add --force" in result.output
    assert target.read_text() == "kept"
    assert import_gift(app, tmp_path, BANK, "--force").exit_code == 0
    assert target.read_text().startswith("---\ntitle: Bank soal")


def test_cli_refuses_a_quiz_slug_the_course_already_uses(app, course_folder, tmp_path):
    (course_folder / "10-bank-soal.quiz").write_text("kept")
    result = import_gift(app, tmp_path, BANK)
    assert result.exit_code == 1 and "10-bank-soal.quiz already uses the quiz slug 'bank-soal'" in result.output
    assert not (course_folder / "90-bank-soal.quiz").exists()


@pytest.mark.parametrize(("gift", "problem"), [
    (BANK + "\nGrant is {~buried =entombed} in the tomb.\n", "9: text after the answers (Moodle's missing-word"),
    ("Ibu kota? {=Bandar Lampung ~Metro}".encode("utf-16"), "1: the file is not valid UTF-8 text"),
])
def test_cli_prints_every_problem_and_writes_nothing(app, course_folder, tmp_path, gift, problem):
    result = import_gift(app, tmp_path, gift)
    assert result.exit_code == 1
    assert f"{tmp_path / 'bank.gift'}:{problem}" in result.stderr
    assert "1 problem(s) found; nothing was written." in result.stderr
    assert list(course_folder.glob("*.quiz")) == []


@pytest.mark.parametrize(("course", "quiz", "message"), [
    ("tidak-ada", "90-bank-soal", "no course folders"),
    ("pelayanan-publik", "bank-soal", "use NN-slug"),
    ("pelayanan-publik", "90-Bank_Soal", "use NN-slug"),
])
def test_cli_refuses_an_unknown_course_or_a_bad_quiz_name(app, course_folder, tmp_path, course, quiz, message):
    result = import_gift(app, tmp_path, BANK, course=course, quiz=quiz)
    assert result.exit_code != 0 and message in result.output
    assert list(course_folder.glob("*.quiz")) == []


def test_a_bank_too_large_for_one_quiz_file_is_a_problem_not_a_file_sync_would_refuse():
    bank = "\n\n".join(f"Soal nomor {n} {'dengan teks panjang ' * 20}? {{T}}" for n in range(1500))
    assert problems_of(bank) == [
        "bank.gift:1: the converted quiz would be larger than 512 KB; split the GIFT file into several quizzes"]
