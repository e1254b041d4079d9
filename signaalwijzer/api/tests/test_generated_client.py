"""The committed OpenAPI is right: a client generated from it (openapi-python-client) round-trips one record of
every kind against a live server with a real token.

The generated client parses each answer into the typed model the schema names; a wrong schema (another record
kind's schema, a missing field, a field the schema does not know, a wrong type) makes the parse or the
comparison fail.
"""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.meldcode.models import Action, Consultation, Conversation
from signaalwijzer.safety.models import MissingEpisode

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
PACKAGE = "signaalwijzer_client"
GENERATION_SECONDS = 60


def _generator() -> str:
    beside_python = Path(sys.executable).parent / "openapi-python-client"
    found = str(beside_python) if beside_python.exists() else shutil.which("openapi-python-client")
    assert found, (
        "openapi-python-client is a dev dependency: pip install -c requirements.lock -e '.[dev]'"
    )
    return found


@pytest.fixture
def generated(tmp_path):
    """The client package, generated from docs/openapi.yaml into tmp_path and imported."""
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: nothing outside tmp_path is needed
    started = time.monotonic()
    result = subprocess.run(
        [
            _generator(),
            "generate",
            "--path",
            str(SCHEMA),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / PACKAGE),
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=GENERATION_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.monotonic() - started < GENERATION_SECONDS
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


class Api:
    """The generated operations by their operation ids, with the case id and the client filled in."""

    def __init__(self, package: Any, client: Any, case_id: int) -> None:
        self.package, self.client, self.case_id = package, client, str(case_id)

    def model(self, name: str) -> Any:
        return getattr(importlib.import_module(f"{PACKAGE}.models"), name)

    def __call__(self, operation_id: str, **kwargs: Any) -> Any:
        module = importlib.import_module(f"{PACKAGE}.api.cases.{operation_id}")
        response = module.sync_detailed(case_id=self.case_id, client=self.client, **kwargs)
        assert 200 <= response.status_code < 300, (operation_id, response.content)
        return response


def _checked(parsed: Any, model: type, sent: Any = None) -> Any:
    """The answer is the model the schema names, has no field the schema does not name, and holds what was sent."""
    assert isinstance(parsed, model), (type(parsed), model)
    assert parsed.additional_properties == {}, (
        f"{model.__name__}: undocumented {parsed.additional_properties}"
    )
    if sent is not None:
        for name, value in sent.to_dict().items():
            assert getattr(parsed, name) == getattr(sent, name), (model.__name__, name, value)
    return parsed


def _create_and_list(api: Api, kind: str, model: str, body: Any) -> Any:
    """POST one record (with an Idempotency-Key, sent twice), then find it in the GET list."""
    first = api(f"cases_{kind}_create", body=body, idempotency_key=f"{kind}-1")
    created = _checked(first.parsed, api.model(model), body)
    replayed = api(f"cases_{kind}_create", body=body, idempotency_key=f"{kind}-1").parsed
    assert replayed == created
    listed = api(f"cases_{kind}_list").parsed
    assert [_checked(item, api.model(model)) for item in listed] == [created]
    return created


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_round_trips_every_record_kind(
    generated, live_server, professional, case
):
    _token, raw = PersonalAccessToken.issue(user=professional, name="client", scope="write", days=1)
    client = generated.AuthenticatedClient(
        base_url=live_server.url, token=raw, raise_on_unexpected_status=True
    )
    api = Api(generated, client, case.pk)
    m = api.model
    today = timezone.localdate()

    fetched = _checked(api("cases_retrieve").parsed, m("Case"))
    assert (fetched.id, fetched.pseudonym, fetched.date_of_birth) == (
        case.pk,
        "J.",
        dt.date(2011, 3, 14),
    )

    observation = _create_and_list(
        api,
        "observations",
        "Observation",
        m("ObservationRequest")(
            observed_on=today,
            description="Stapt in bij een oudere man.",
            source=m("SourceEnum").THIRD_PARTY,
            source_name="buurvrouw",
            nature=m("NatureEnum").FACT,
        ),
    )
    assert observation.source is m("SourceEnum").THIRD_PARTY

    consultation = _create_and_list(
        api,
        "consultations",
        "Consultation",
        m("ConsultationRequest")(
            consulted_on=today,
            consultee=m("ConsulteeEnum").MELDCODE_OFFICER,
            question="Is dit genoeg voor een melding?",
            advice="Eerst een gesprek voeren.",
            no_identifying_data_shared=True,
        ),
    )
    assert Consultation.objects.get(pk=consultation.id).advice == "Eerst een gesprek voeren."

    conversation = _create_and_list(
        api,
        "conversations",
        "Conversation",
        m("ConversationRequest")(
            held_on=today,
            kind=m("ConversationKindEnum").STEP3,
            with_young_person=True,
            with_parents=False,
            discussed="De dure kleding.",
            reaction="Wil er later over praten.",
        ),
    )
    assert Conversation.objects.get(pk=conversation.id).reaction == "Wil er later over praten."

    for party in (m("PartyEnum").YOUNG_PERSON, m("PartyEnum").PARENTS):
        created = _checked(
            api(
                "cases_consents_create",
                body=m("ConsentRequest")(
                    party=party,
                    purpose=m("PurposeEnum").VEILIG_THUIS,
                    status=m("ConsentStatusEnum").GIVEN,
                    recorded_on=today,
                ),
            ).parsed,
            m("Consent"),
        )
        assert created.party is party
    assert len([_checked(c, m("Consent")) for c in api("cases_consents_list").parsed]) == 2

    action = _create_and_list(
        api,
        "actions",
        "Action",
        m("ActionRequest")(
            kind=m("ActionKindEnum").OTHER,
            owner=professional.pk,
            description="Gesprek met mentor plannen.",
            due_on=today + dt.timedelta(days=7),
        ),
    )
    patched = api(
        "cases_actions_partial_update",
        action_id=str(action.id),
        body=m("PatchedActionRequest")(status=m("ActionStatusEnum").DONE),
        if_match=f'"{action.version}"',
    ).parsed
    assert _checked(patched, m("Action")).status is m("ActionStatusEnum").DONE
    assert patched.version == action.version + 1
    assert Action.objects.get(pk=action.id).status == "done"

    missing_from = (timezone.now() - dt.timedelta(hours=5)).replace(microsecond=0)
    episode = _create_and_list(
        api,
        "missing_episodes",
        "MissingEpisode",
        m("MissingEpisodeRequest")(missing_from=missing_from, whereabouts="Onbekend"),
    )
    assert MissingEpisode.objects.get(pk=episode.id).missing_from == missing_from

    # The weighing and the safety plan: {} with ETag "0" while there is none, then made with If-Match: 0.
    for kind, request, values in (
        ("weighing", "WeighingRequest", {"q1_suspicion": True, "q1_reason": "Signalen."}),
        (
            "safety_plan",
            "SafetyPlanRequest",
            {"risks": "Wordt opgehaald.", "whom_to_call": "Mentor", "review_on": today},
        ),
    ):
        empty = api(f"cases_{kind}_retrieve")
        assert empty.headers["ETag"] == '"0"'
        assert isinstance(empty.parsed, m("NothingYet"))
        body = m(request)(**values)
        model = m("SafetyPlan" if kind == "safety_plan" else "Weighing")
        saved = _checked(api(f"cases_{kind}_update", body=body, if_match='"0"').parsed, model, body)
        again = api(f"cases_{kind}_retrieve")
        assert _checked(again.parsed, model) == saved
        assert again.headers["ETag"] == f'"{saved.version}"'

    versions = api("cases_weighing_versions_list").parsed
    assert [_checked(v, m("WeighingVersion")).version for v in versions] == [1]

    basis = m("CasesVeiligThuisPackageRetrieveBasis")
    package = _checked(
        api("cases_veilig_thuis_package_retrieve", basis=basis.CONSENT).parsed,
        m("VeiligThuisPackage"),
    )
    assert package.basis == "consent"
    assert [_checked(section, m("PackageSection")) for section in package.sections]
    assert "Stapt in bij een oudere man." in package.text
    assert all(line in package.text for section in package.sections for line in section.lines)

    history = api("cases_history_list").parsed
    assert {_checked(change, m("Change")).record_type for change in history} >= {"meldcode.action"}
