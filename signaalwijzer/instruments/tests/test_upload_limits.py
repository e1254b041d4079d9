"""An organisation's own definitions come from outside: size, depth and aliases are limited, a parsed
definition is cached by its hash, and a key and version can never name two different texts."""

from io import StringIO

import pytest
import yaml
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from signaalwijzer.instruments import loader
from signaalwijzer.instruments.models import Assessment, UploadedDefinition
from signaalwijzer.instruments.schema import DefinitionError
from signaalwijzer.instruments.tests.samples import checklist, text
from tests.factories import OrganisationFactory


def _yaml(document):
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _upload(organisation, document=None, content=None):
    upload = UploadedDefinition(
        organisation=organisation,
        content=content if content is not None else _yaml(document or checklist(key="eigen-lijst")),
    )
    upload.full_clean()
    upload.save()
    return upload


def _content_errors(organisation, content):
    with pytest.raises(ValidationError) as error:
        UploadedDefinition(organisation=organisation, content=content).full_clean()
    return error.value.message_dict["content"]


@pytest.fixture
def parses(monkeypatch):
    """Counts the YAML parses from here on, starting with an empty per-process cache."""
    loader.forget_cached()
    calls = []
    real = loader.parse_yaml

    def counting(content, *, origin):
        calls.append(origin)
        return real(content, origin=origin)

    monkeypatch.setattr(loader, "parse_yaml", counting)
    yield calls
    loader.forget_cached()


# (a) size, checked before parsing


def test_an_upload_over_the_size_limit_is_refused_before_it_is_parsed(
    organisation, settings, parses
):
    settings.INSTRUMENT_DEFINITION_MAX_BYTES = 2048
    content = _yaml(checklist(key="eigen-lijst")) + "# " + "x" * 2048 + "\n"
    errors = _content_errors(organisation, content)
    assert errors == ["De definitie is groter dan het maximum van 2 KB. Maak het bestand kleiner."]
    assert parses == []
    assert not UploadedDefinition.objects.exists()


def test_the_default_limit_is_256_kb(organisation, settings):
    assert settings.INSTRUMENT_DEFINITION_MAX_BYTES == 256 * 1024
    padding = "# " + "x" * 1000 + "\n"
    fits = _yaml(checklist(key="eigen-lijst")) + padding * 200
    _upload(organisation, content=fits)
    too_large = _yaml(checklist(key="andere-lijst")) + padding * 300
    assert "groter dan het maximum van 256 KB" in _content_errors(organisation, too_large)[0]


def test_the_import_command_refuses_a_large_file_without_reading_all_of_it(
    organisation, settings, tmp_path, parses
):
    settings.INSTRUMENT_DEFINITION_MAX_BYTES = 2048
    path = tmp_path / "groot.yaml"
    path.write_text(_yaml(checklist(key="eigen-lijst")) + "# " + "x" * 4096 + "\n")
    with pytest.raises(CommandError) as error:
        call_command("instruments", "import", str(path), "--organisation", organisation.name)
    assert (
        str(error.value)
        == "De definitie is groter dan het maximum van 2 KB. Maak het bestand kleiner."
    )
    assert parses == []
    assert not UploadedDefinition.objects.exists()


def test_the_import_command_refuses_a_file_that_is_not_utf8(organisation, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(_yaml(checklist(key="eigen-lijst", title=text("Caf\xe9"))).encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("instruments", "import", str(path), "--organisation", organisation.name)


# (b) nesting, anchors and aliases, number of values


def test_an_anchor_and_an_alias_are_refused():
    # PyYAML would accept both: an alias repeats a value, the building block of a YAML bomb.
    reused = _yaml(checklist()).replace("licence:\n  nl: Vrij.\n  en: Vrij.\n", "licence: *vrij\n")
    reused = reused.replace("description:\n", "description: &vrij\n")
    assert yaml.safe_load(reused)["licence"] == text("Voor tests.")
    with pytest.raises(DefinitionError) as error:
        loader.load_bytes(reused.encode(), origin="upload")
    assert error.value.problems == [
        "upload: not valid YAML (line 9, column 14): anchors (&name) are not allowed; "
        "write the value out"
    ]
    with pytest.raises(DefinitionError) as error:
        loader.load_bytes(b"key: *elders\n", origin="upload")
    assert "aliases (*name) are not allowed" in error.value.problems[0]


def test_a_yaml_bomb_is_refused_at_once():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    with pytest.raises(DefinitionError) as error:
        loader.load_bytes(bomb.encode(), origin="upload")
    assert "not allowed" in error.value.problems[0]


def test_nesting_deeper_than_the_limit_is_refused_with_the_line():
    deep = "key: " + "[" * 25 + "]" * 25 + "\n"
    with pytest.raises(DefinitionError) as error:
        loader.load_bytes(deep.encode(), origin="upload")
    assert "nested more than 20 levels deep" in error.value.problems[0]
    assert "(line 1, column" in error.value.problems[0]


def test_extremely_deep_nesting_is_an_error_not_a_crash(organisation):
    deep = "[" * 50_000 + "]" * 50_000
    errors = _content_errors(organisation, deep)
    assert "nested more than 20 levels deep" in errors[0]


def test_too_many_values_are_refused():
    many = "key: [" + ", ".join(["1"] * 20_001) + "]\n"
    with pytest.raises(DefinitionError) as error:
        loader.load_bytes(many.encode(), origin="upload")
    assert "more than 20000 values" in error.value.problems[0]


def test_the_shipped_definitions_stay_within_the_limits():
    for path in loader.definition_files():
        assert path.stat().st_size < 256 * 1024
        loader.load_file(path)  # raises on any problem


# (c) parsed once per process, by the hash of the text


def test_the_same_text_is_parsed_once_and_another_text_again(parses):
    first = _yaml(checklist(key="eigen-lijst")).encode()
    one = loader.load_cached(first, origin="upload:1")
    two = loader.load_cached(first, origin="upload:2")
    assert len(parses) == 1
    assert one.definition is two.definition
    assert (one.sha256, two.origin) == (loader.sha256_of(first), "upload:2")
    changed = _yaml(checklist(key="eigen-lijst", title=text("Nieuw"))).encode()
    assert loader.load_cached(changed, origin="upload:1").definition.title.nl == "Nieuw"
    assert len(parses) == 2


def test_the_cache_keeps_a_limited_number(parses, monkeypatch):
    monkeypatch.setattr(loader, "CACHE_SIZE", 2)
    texts = [_yaml(checklist(key=f"lijst-{n}")).encode() for n in range(3)]
    for content in texts:
        loader.load_cached(content, origin="upload")
    loader.load_cached(texts[2], origin="upload")
    assert len(parses) == 3
    loader.load_cached(texts[0], origin="upload")  # the oldest was dropped
    assert len(parses) == 4


def test_a_refused_text_is_remembered_too(parses):
    for _ in range(2):
        with pytest.raises(DefinitionError):
            loader.load_cached(b"key: [[[]]]\nkind: quiz\n", origin="upload")
    assert len(parses) == 1


def test_two_case_page_renders_parse_an_uploaded_definition_once(
    signed_in_client, case, organisation, parses
):
    upload = _upload(organisation, checklist(key="eigen-lijst", title=text("Onze eigen lijst")))
    signed_in_client.post(
        reverse("cases:instrument_start", args=[case.pk]),
        {"instrument": f"eigen-lijst@{upload.sha256}"},
    )
    assert Assessment.objects.get(case=case).instrument_hash == upload.sha256
    loader.forget_cached()
    parses.clear()
    for _ in range(2):
        caches["case_pages"].clear()  # render the page, not the cached copy
        response = signed_in_client.get(case.get_absolute_url())
        assert response.status_code == 200
        assert "Onze eigen lijst" in response.content.decode()
    assert parses == [f"upload:{organisation.pk}"]


def test_a_stored_definition_that_no_longer_loads_is_left_out_not_an_error(
    signed_in_client, case, organisation
):
    # Saved before the stricter checks existed (bypassing them here): the case page still works.
    UploadedDefinition.objects.create(
        organisation=organisation,
        content="key: &k oud\nkind: *k\n",
        key="oud",
        version="1.0.0",
        sha256="0" * 64,
    )
    assert signed_in_client.get(case.get_absolute_url()).status_code == 200
    start = signed_in_client.get(reverse("cases:instrument_start", args=[case.pk]))
    assert start.status_code == 200


# (d) a key and version name one text


def test_a_shipped_key_and_version_cannot_be_uploaded(organisation):
    shipped = loader.DEFINITIONS_DIR / "signalenlijst-uitbuiting" / "1.0.0.yaml"
    content = shipped.read_text(encoding="utf-8").replace("Signalenlijst", "Onze lijst", 1)
    errors = _content_errors(organisation, content)
    assert errors == [
        "De sleutel signalenlijst-uitbuiting hoort bij een instrument dat met Signaalwijzer "
        "wordt meegeleverd. Geef je eigen definitie een eigen sleutel."
    ]


def test_a_shipped_key_cannot_be_uploaded_with_another_version_either(organisation):
    errors = _content_errors(
        organisation, _yaml(checklist(key="gedrag-seksueel-grensoverschrijdend", version="9.0.0"))
    )
    assert "gedrag-seksueel-grensoverschrijdend" in errors[0]
    assert not UploadedDefinition.objects.exists()


def test_the_import_command_refuses_a_shipped_key(organisation, tmp_path):
    path = tmp_path / "lijst.yaml"
    path.write_text(_yaml(checklist(key="signalenlijst-uitbuiting")), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "instruments", "import", str(path), "--organisation", organisation.name, stderr=err
        )
    assert "meegeleverd" in err.getvalue()
    assert not UploadedDefinition.objects.exists()


def test_the_same_organisation_cannot_upload_a_version_twice(organisation):
    _upload(organisation)
    errors = _content_errors(
        organisation, _yaml(checklist(key="eigen-lijst", title=text("Gewijzigd")))
    )
    assert "Deze versie bestaat al" in errors[0]


def test_another_organisation_cannot_use_the_key_and_version_for_another_text(organisation):
    _upload(organisation)
    other = OrganisationFactory(name="Andere zorg")
    errors = _content_errors(other, _yaml(checklist(key="eigen-lijst", title=text("Anders"))))
    assert "Een andere organisatie gebruikt deze sleutel en versie" in errors[0]
    # The very same file (one licence, two organisations) is fine: key, version and hash agree.
    _upload(other)
    assert UploadedDefinition.objects.filter(key="eigen-lijst").count() == 2


def test_a_saved_definition_cannot_be_changed_in_place(organisation):
    upload = _upload(organisation)
    upload.content = _yaml(checklist(key="eigen-lijst", title=text("Stiekem anders")))
    with pytest.raises(ValidationError) as error:
        upload.full_clean()
    assert "kan niet meer veranderd worden" in error.value.message_dict["content"][0]
    upload.enabled = False
    upload.content = UploadedDefinition.objects.get(pk=upload.pk).content
    upload.full_clean()  # other fields may change


def test_the_admin_shows_a_saved_definition_read_only(organisation, rf):
    from django.contrib import admin

    model_admin = admin.site._registry[UploadedDefinition]
    upload = _upload(organisation)
    assert "content" in model_admin.get_readonly_fields(rf.get("/"), upload)
    assert "content" not in model_admin.get_readonly_fields(rf.get("/"), None)
