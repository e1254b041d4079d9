"""A case walked through the five steps with the real forms (the browser test does it in Chromium)."""

import datetime as dt

from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import Case, Observation
from signaalwijzer.consent.models import ConsentRecord
from signaalwijzer.meldcode.models import Action, Weighing

TODAY = dt.date.today().isoformat()


def _post(client, name, case, data, **kwargs):
    return client.post(reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kwargs}), data)


def test_a_gut_feeling_and_a_pseudonym_start_a_case(signed_in_client, professional):
    response = signed_in_client.post(
        reverse("cases:start"), {"pseudonym": "A.B.", "concern": "Ik heb een onderbuikgevoel."}
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.members.get().user == professional
    assert case.pseudonym == "A.B."


def test_starting_without_a_pseudonym_explains_and_saves_nothing(signed_in_client):
    response = signed_in_client.post(reverse("cases:start"), {"pseudonym": "", "concern": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Case.objects.exists()


def test_the_whole_walk_through_the_five_steps(signed_in_client, professional, case):
    detail = reverse("cases:detail", args=[case.pk])
    page = signed_in_client.get(detail)
    assert page.context["page"].current_step == 1

    assert (
        _post(
            signed_in_client,
            "observation_create",
            case,
            {
                "observed_on": TODAY,
                "description": "Stapt na school in een auto bij een oudere man.",
                "source": "own",
                "nature": "fact",
            },
        ).status_code
        == 302
    )
    assert (
        _post(
            signed_in_client,
            "consultation_create",
            case,
            {
                "stage": "step2",
                "consulted_on": TODAY,
                "consultee": "meldcode_officer",
                "question": "Is dit een signaal van uitbuiting?",
                "advice": "Ja, bespreek het met de jongere.",
            },
        ).status_code
        == 302
    )
    assert (
        _post(
            signed_in_client,
            "conversation_create",
            case,
            {
                "kind": "step3",
                "held_on": TODAY,
                "with_young_person": "on",
                "with_parents": "on",
                "discussed": "Onze zorgen.",
                "reaction": "Boos; wil niet dat we iets doen.",
            },
        ).status_code
        == 302
    )
    for party in ("young_person", "parents"):
        assert (
            _post(
                signed_in_client,
                "consent_create",
                case,
                {
                    "party": party,
                    "purpose": "care_coordinator",
                    "status": "refused",
                    "recorded_on": TODAY,
                    "young_person_competent": "on",
                },
            ).status_code
            == 302
        )
    weighing = {
        "version": 0,
        "q1_suspicion": "yes",
        "q1_reason": "Combinatie van signalen.",
        "q2_unsafety": "acute",
        "q2_reason": "Vermoeden van mensenhandel.",
        "final_decision": "report",
    }
    assert _post(signed_in_client, "weighing", case, weighing).status_code == 302
    # Step 4 asks to discuss the weighing with Veilig Thuis and/or the zorgcoördinator.
    assert (
        _post(
            signed_in_client,
            "consultation_create",
            case,
            {
                "stage": "step4",
                "consulted_on": TODAY,
                "consultee": "care_coordinator",
                "question": "Klopt de afweging?",
                "advice": "Ja: melden en de hulp voortzetten.",
            },
        ).status_code
        == 302
    )
    assert (
        _post(
            signed_in_client,
            "conversation_create",
            case,
            {
                "kind": "weighing",
                "held_on": TODAY,
                "with_young_person": "on",
                "discussed": "Dat we melden bij Veilig Thuis.",
                "reaction": "Begrijpt het.",
            },
        ).status_code
        == 302
    )
    assert (
        _post(
            signed_in_client,
            "action_create",
            case,
            {
                "kind": "report_veilig_thuis",
                "owner": professional.pk,
                "reported_on": TODAY,
                "channel": "phone",
                "reference": "VT-2026-0042",
                "informed_beforehand": "yes",
                "informed_who": "De jongere en moeder",
                "informed_reaction": "Moeder is opgelucht.",
            },
        ).status_code
        == 302
    )
    follow_up = (dt.date.today() + dt.timedelta(weeks=6)).isoformat()
    assert (
        _post(
            signed_in_client,
            "action_create",
            case,
            {
                "kind": "monitoring",
                "owner": professional.pk,
                "due_on": follow_up,
                "description": "Vraag 5: werkt de hulp?",
            },
        ).status_code
        == 302
    )

    page = signed_in_client.get(detail).context["page"]
    states = [step.state for step in page.steps]
    assert states[:4] == ["done", "done", "done", "done"]
    assert states[4] == "in_progress"  # the follow-up is still open
    assert Weighing.objects.get(case=case).final_decision == "report"
    report = Action.objects.get(case=case, kind="report_veilig_thuis")
    assert (report.status, report.reference) == ("done", "VT-2026-0042")
    assert ConsentRecord.objects.filter(case=case, status="refused").count() == 2


def test_a_weighing_that_deviates_needs_a_reason(signed_in_client, case):
    response = _post(
        signed_in_client,
        "weighing",
        case,
        {
            "version": 0,
            "q1_suspicion": "yes",
            "q1_reason": "Signalen.",
            "q2_unsafety": "acute",
            "q2_reason": "Mensenhandel.",
            "final_decision": "organise_help",
        },
    )
    assert response.status_code == 400
    assert "Schrijf op waarom" in response.content.decode()
    assert not Weighing.objects.exists()


def test_an_answer_without_a_reason_is_refused(signed_in_client, case):
    response = _post(signed_in_client, "weighing", case, {"version": 0, "q1_suspicion": "yes"})
    assert response.status_code == 400
    assert not Weighing.objects.exists()


def test_a_third_party_source_must_be_named(signed_in_client, case):
    response = _post(
        signed_in_client,
        "observation_create",
        case,
        {
            "observed_on": TODAY,
            "description": "Hoorde iets.",
            "source": "third_party",
            "nature": "fact",
        },
    )
    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_a_veilig_thuis_advice_request_must_be_anonymous(signed_in_client, case):
    response = _post(
        signed_in_client,
        "consultation_create",
        case,
        {
            "stage": "step2",
            "consulted_on": TODAY,
            "consultee": "veilig_thuis_advice",
            "question": "Wat nu?",
            "advice": "Bespreek het.",
        },
    )
    assert response.status_code == 400
    assert "anoniem" in response.content.decode()


def test_a_report_must_say_whether_those_involved_were_told(signed_in_client, professional, case):
    response = _post(
        signed_in_client,
        "action_create",
        case,
        {
            "kind": "report_veilig_thuis",
            "owner": professional.pk,
            "reported_on": TODAY,
            "channel": "phone",
            "reference": "VT-1",
        },
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_a_follow_up_needs_a_date(signed_in_client, professional, case):
    response = _post(
        signed_in_client,
        "action_create",
        case,
        {
            "kind": "monitoring",
            "owner": professional.pk,
        },
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_an_action_owner_must_be_in_the_case_team(signed_in_client, outsider_team, case):
    response = _post(
        signed_in_client,
        "action_create",
        case,
        {
            "kind": "police",
            "owner": outsider_team.pk,
        },
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_closing_needs_a_reason_and_a_closed_case_takes_no_new_records(signed_in_client, case):
    assert _post(signed_in_client, "close", case, {"reason": ""}).status_code == 400
    assert (
        _post(signed_in_client, "close", case, {"reason": "Geen zorgen meer."}).status_code == 302
    )
    case.refresh_from_db()
    assert case.status == "closed"
    response = _post(
        signed_in_client,
        "observation_create",
        case,
        {
            "observed_on": TODAY,
            "description": "x",
            "source": "own",
            "nature": "fact",
        },
    )
    assert response.status_code == 400
    assert (
        _post(signed_in_client, "reopen", case, {"reason": "Nieuwe signalen."}).status_code == 302
    )
    case.refresh_from_db()
    assert case.status == "open"


def test_every_write_leaves_exactly_one_access_event(signed_in_client, case):
    before = AccessEvent.objects.filter(case=case).count()
    _post(
        signed_in_client,
        "observation_create",
        case,
        {
            "observed_on": TODAY,
            "description": "Signaal.",
            "source": "own",
            "nature": "fact",
        },
    )
    events = AccessEvent.objects.filter(case=case).order_by("pk")[before:]
    assert [(e.action, e.purpose, e.record_type) for e in events] == [
        ("create", "observation.create", "cases.observation")
    ]


def test_the_dashboard_lists_my_cases_and_due_actions(
    signed_in_client, professional, case, owner_access
):
    from signaalwijzer.meldcode import services

    services.add_action(owner_access, kind="monitoring", owner=professional, due_on=dt.date.today())
    html = signed_in_client.get(reverse("cases:dashboard")).content.decode()
    assert "J." in html
    assert "Vandaag" in html
