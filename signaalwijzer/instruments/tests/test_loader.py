"""Definition files: bad files are refused with a precise message; released versions never change."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from signaalwijzer.instruments import loader
from signaalwijzer.instruments.schema import DefinitionError
from signaalwijzer.instruments.tests.samples import CHECKLIST


def _write(directory: Path, document, key="test-lijst", version="1.0.0", raw=None):
    folder = directory / key
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{version}.yaml"
    path.write_text(
        raw if raw is not None else yaml.safe_dump(document, allow_unicode=True), encoding="utf-8"
    )
    return path


def test_the_shipped_definitions_are_valid_and_locked():
    loaded, problems = loader.check_directory()
    assert problems == []
    keys = {item.definition.key for item in loaded}
    assert {"signalenlijst-uitbuiting", "gedrag-seksueel-grensoverschrijdend"} <= keys


def test_the_shipped_checklist_has_the_shape_of_11vb():
    checklist = next(
        item.definition
        for item in loader.shipped_definitions()
        if item.definition.key == "signalenlijst-uitbuiting"
    )
    assert len(checklist.areas) == 11
    assert len(checklist.clusters) == 3
    assert [p.key for p in checklist.profile_rule.profiles][:1] and len(
        checklist.profile_rule.profiles
    ) == 3
    assert checklist.validated is False
    assert checklist.profile_rule.indicative_note is not None


def test_the_shipped_judgement_uses_the_six_criteria_and_four_levels():
    judgement = next(
        item.definition
        for item in loader.shipped_definitions()
        if item.definition.key == "gedrag-seksueel-grensoverschrijdend"
    )
    assert len(judgement.factors) == 6
    assert len(judgement.levels) == 4


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = _write(tmp_path, None, raw="key: test-lijst\ntitle: {nl: 'open\n")
    with pytest.raises(DefinitionError) as error:
        loader.load_file(path)
    (problem,) = error.value.problems
    assert problem.startswith(str(path)) or "test-lijst/1.0.0.yaml" in problem
    assert "not valid YAML (line" in problem


def test_a_key_given_twice_in_one_mapping_is_refused(tmp_path):
    raw = yaml.safe_dump(CHECKLIST, allow_unicode=True) + "key: nog-eens\n"
    path = _write(tmp_path, None, raw=raw)
    with pytest.raises(DefinitionError) as error:
        loader.load_file(path)
    assert "the key 'key' appears twice" in error.value.problems[0]


def test_every_problem_of_a_file_carries_the_file_name(tmp_path):
    document = dict(CHECKLIST, title={"nl": ""})
    path = _write(tmp_path, document)
    with pytest.raises(DefinitionError) as error:
        loader.load_file(path)
    assert all("1.0.0.yaml: " in problem for problem in error.value.problems)
    assert any("title.nl: must not be empty" in problem for problem in error.value.problems)


def test_a_released_file_edited_in_place_fails_the_check(tmp_path):
    directory = tmp_path / "definitions"
    path = _write(directory, CHECKLIST)
    lock = directory / "released.lock"
    lock.write_text("")
    loaded, problems = loader.check_directory(directory, lock)
    assert "not in released.lock" in problems[0]
    loader.add_to_lock(loaded[0], lock)
    assert loader.check_directory(directory, lock)[1] == []

    path.write_text(path.read_text().replace("Testlijst", "Andere titel"))
    problems = loader.check_directory(directory, lock)[1]
    assert len(problems) == 1
    assert "changed in place" in problems[0]


def test_the_lock_is_never_rewritten_for_a_changed_file(tmp_path):
    directory = tmp_path / "definitions"
    path = _write(directory, CHECKLIST)
    lock = directory / "released.lock"
    loader.add_to_lock(loader.load_file(path), lock)
    before = lock.read_text()
    path.write_text(path.read_text().replace("Testlijst", "Andere titel"))
    with pytest.raises(DefinitionError):
        loader.add_to_lock(loader.load_file(path), lock)
    assert lock.read_text() == before


def test_the_check_command_passes_on_the_shipped_files():
    out = StringIO()
    call_command("instruments", "check", stdout=out)
    assert "valid" in out.getvalue()


def test_the_check_command_fails_on_a_broken_file(tmp_path, monkeypatch):
    from signaalwijzer.instruments.management.commands import instruments as command

    directory = tmp_path / "definitions"
    shutil.copytree(loader.DEFINITIONS_DIR, directory)
    _write(directory, dict(CHECKLIST, status="draft", kind="quiz"))
    monkeypatch.setattr(
        command,
        "check_directory",
        lambda: loader.check_directory(directory, directory / "released.lock"),
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("instruments", "check", stderr=err)
    assert (
        "test-lijst/1.0.0.yaml: kind: must be one of: signal_checklist, structured_judgement"
        in err.getvalue()
    )


def test_the_documented_11vb_example_is_a_valid_definition():
    example = Path(__file__).resolve().parents[3] / "docs" / "instruments-example.yaml"
    loaded = loader.load_bytes(example.read_bytes(), origin=str(example))
    assert len(loaded.definition.areas) == 11
    assert len(loaded.definition.clusters) == 3
    assert loaded.definition.status == "draft"
