"""`portfolio check` and `portfolio schema`; the data files point at schemas that are current."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from portfolio.authoring.cli import main
from portfolio.data.load import FILES
from portfolio.data.schema import schemas
from portfolio.project.engine import resource

from conftest import DATA, ROOT


def test_check_passes_with_a_summary(capsys):
    assert main(["check", "--data", str(DATA), "--as-of", "2026-11-24"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == (
        "Data OK: 6 roles, 5 patents, 4 papers, 5 reviewing entries, 9 press features "
        "(as of 2026-11-24)."
    )


def test_check_finds_data_from_a_subfolder(monkeypatch, capsys):
    monkeypatch.chdir(ROOT / "tests")
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    assert main(["check"]) == 0


def test_console_script_runs():
    result = subprocess.run(
        [sys.executable, "-m", "portfolio.authoring.cli", "check", "--data", str(DATA)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Data OK:")


def test_committed_schemas_are_current():
    for filename, schema in schemas().items():
        committed = json.loads(resource(f"schemas/{filename}").read_text(encoding="utf-8"))
        assert committed == schema, f"schemas/{filename} is stale; run `portfolio schema`"


def test_schema_command_writes_files(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(schemas())


@pytest.mark.parametrize("name", FILES)
def test_data_files_point_at_their_schema_and_satisfy_it(name):
    path = DATA / FILES[name]
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"
    schema = schemas()[f"{name}.schema.json"]
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_a_typo():
    schema = schemas()["roles.schema.json"]
    record = {"id": "x", "titel": "y", "employer": "z", "start": "2020", "bullets": ["b"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([record], schema)


def test_an_expected_failure_is_one_line_and_a_non_zero_status(capsys):
    assert main(["check", "--data", str(DATA), "--as-of", "2026-13"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "portfolio check: the as-of date: '2026-13' is not a real date (month must be in 1..12)\n"
    )


def test_an_unexpected_exception_is_a_bug_and_shows_its_traceback(monkeypatch):
    def broken(args):
        raise KeyError("a bug in the engine")

    monkeypatch.setattr("portfolio.authoring.cli._docs", broken)
    with pytest.raises(KeyError, match="a bug in the engine"):
        main(["docs"])
