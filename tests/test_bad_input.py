"""Bad input gets a located, readable error (file:line, record, field), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.cli import main

from conftest import replace_in


def run_check(data: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = main(["check", "--data", str(data), "--as-of", "2026-11-24"])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return code, output


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.endswith("problem(s) found.")]


EDITS = {
    "missing required field": (
        "roles.yml",
        "  title: Software Development Engineer\n  employer: Amazon Web Services\n",
        "  employer: Amazon Web Services\n",
        "record sde-aws-iam: field title: required field is missing",
    ),
    "unknown field (typo)": (
        "roles.yml",
        "  title: Senior Software Engineer",
        "  titel: Senior Software Engineer",
        "record senior-sde-ambient-recognition: field titel: unknown field; did you mean 'title'?",
    ),
    "wrong type": (
        "press.yml",
        "year: 2019",
        "year: nineteen",
        "record gma-2019-voice-pin: field year: Input should be a valid integer",
    ),
    "impossible date": (
        "patents.yml",
        'granted: "2022-09"',
        'granted: "2022-13"',
        "record us-11437043: field granted: '2022-13' is not a real date",
    ),
    "impossible day": (
        "roles.yml",
        'start: "2014-03"',
        'start: "2014-02-30"',
        "record sde-home-services: field start: '2014-02-30' is not a real date",
    ),
    "end before start": (
        "roles.yml",
        'end: "2017-05"',
        'end: "2015-05"',
        "record sde-aws-iam: field end: ends (2015-05) before it starts (2016-08)",
    ),
    "duplicate id": (
        "press.yml",
        "id: time-2017-voice-id",
        "id: techcrunch-2017-voices",
        "record techcrunch-2017-voices: field id: id is used twice",
    ),
    "unknown status": (
        "patents.yml",
        "status: pending",
        "status: expired",
        "record multi-modal-person-recognition: field status: unknown value 'expired'; "
        "expected one of 'granted', 'pending'",
    ),
    "unknown media kind": (
        "press.yml",
        "media: watch",
        "media: Watch",
        "record wsj-2017-voice-recognition: field media: "
        "Input should be 'watch', 'read' or 'listen'",
    ),
    "date unquoted by YAML": (
        "patents.yml",
        'granted: "2025-10"',
        "granted: 2025-10-07",
        'record us-12443687: field granted: write the date in quotes, e.g. "2025-10-07"',
    ),
    "key written twice": (
        "press.yml",
        "  outlet: TIME\n",
        "  outlet: TIME\n  outlet: Time\n",
        "key 'outlet' is written twice",
    ),
    "stat disagrees with the data": (
        "profile.yml",
        'value: "4"',
        'value: "5"',
        "record us-patents-granted: field value: states 5 but the data gives 4",
    ),
    "malformed YAML": (
        "reviewing.yml",
        "  venue: ACM ICMR 2026",
        "  venue: [ACM ICMR 2026",
        "not valid YAML",
    ),
}


@pytest.mark.parametrize("case", EDITS, ids=list(EDITS))
def test_each_problem_is_located(case, data_copy, capsys):
    filename, old, new, expected = EDITS[case]
    line = replace_in(data_copy / filename, old, new)
    code, output = run_check(data_copy, capsys)
    assert code == 1
    problems = problem_lines(output)
    [problem] = [line for line in problems if expected in line]
    # a misspelt required field is also reported as missing; everything else is one problem
    assert len(problems) == (2 if "typo" in case else 1), output
    prefix = f"{data_copy / filename}:"
    assert problem.startswith(prefix)
    reported_line = int(problem[len(prefix) :].split(":")[0])
    assert abs(reported_line - line) <= 1, problem


def test_every_problem_is_reported_not_only_the_first(data_copy, capsys):
    for case in ("missing required field", "wrong type", "unknown status", "malformed YAML"):
        filename, old, new, _ = EDITS[case]
        replace_in(data_copy / filename, old, new)
    code, output = run_check(data_copy, capsys)
    assert code == 1
    for case in ("missing required field", "wrong type", "unknown status", "malformed YAML"):
        assert EDITS[case][3] in output
    assert "4 problem(s) found." in output


def test_empty_file(data_copy, capsys):
    (data_copy / "press.yml").write_text("# nothing yet\n", encoding="utf-8")
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{data_copy / 'press.yml'}:1: file is empty" in output


def test_non_utf8_file(data_copy, capsys):
    path = data_copy / "reviewing.yml"
    path.write_bytes(path.read_bytes().replace(b"AI in the Wild", b"AI in the W\xefld"))
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{path}:17: not UTF-8 text (byte 0xef); save it as UTF-8" in output


def test_missing_file(data_copy, capsys):
    (data_copy / "roles.yml").unlink()
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{data_copy / 'roles.yml'}: file is missing" in output


def test_wrong_top_level_shape(data_copy, capsys):
    (data_copy / "roles.yml").write_text("title: just one role\n", encoding="utf-8")
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert "Input should be a valid list" in output


def test_html_in_text_is_accepted_as_data(data_copy, capsys):
    replace_in(
        data_copy / "press.yml",
        "headline: Amazon Echo Voice ID Feature",
        'headline: "<script>alert(1)</script> & <b>bold</b>"',
    )
    code, output = run_check(data_copy, capsys)
    assert code == 0, output


def test_check_never_rewrites_the_data(data_copy, capsys):
    replace_in(data_copy / "press.yml", "year: 2019", "year: nineteen")
    before = {path.name: path.read_bytes() for path in data_copy.iterdir()}
    run_check(data_copy, capsys)
    assert {path.name: path.read_bytes() for path in data_copy.iterdir()} == before


def test_no_data_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    code = main(["check"])
    output = capsys.readouterr().err
    assert code == 1
    assert "no data/ folder here or above" in output
    assert "Traceback" not in output
