"""The seed's required actions: step 4 needs Veilig Thuis and/or the zorgcoördinator (or a reason), step 5 the
zorgcoördinator for a (suspected) victim (or a reason)."""

import datetime as dt

from signaalwijzer.casework.case_page import case_page
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


def _report(owner_access, professional, **extra):
    meldcode_services.save_weighing(
        owner_access,
        expected_version=0,
        data={
            "q1_suspicion": True,
            "q1_reason": "Signalen.",
            "q2_unsafety": "acute",
            "q2_reason": "Uitbuiting.",
            "final_decision": "report",
            "report_needed": True,
            "help_possible": True,
            **extra,
        },
    )
    meldcode_services.add_action(
        owner_access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=TODAY,
        channel="phone",
        reference="VT-1",
        informed_beforehand=False,
        not_informed_reason="Gevaar.",
    )


def _steps(owner_access):
    page = case_page(owner_access)
    return {step.number: step for step in page.steps}


def test_step_5_is_not_done_without_the_zorgcoordinator(owner_access, professional):
    _report(owner_access, professional)
    assert "care_coordinator" in _steps(owner_access)[5].missing
    meldcode_services.add_action(
        owner_access, kind="care_coordinator", owner=professional, status="done"
    )
    steps = _steps(owner_access)
    assert "care_coordinator" not in steps[5].missing


def test_a_reason_stands_in_for_the_zorgcoordinator_and_the_experts(owner_access, professional):
    _report(
        owner_access,
        professional,
        no_coordinator_contact_reason="De politie heeft de regie al.",
        no_expert_consultation_reason="Veilig Thuis was onbereikbaar; direct gemeld.",
    )
    steps = _steps(owner_access)
    assert "care_coordinator" not in steps[5].missing
    assert "expert_consultation" not in steps[4].missing


def test_step_4_needs_a_step_4_consultation_with_the_experts(owner_access, professional):
    _report(owner_access, professional)
    assert "expert_consultation" in _steps(owner_access)[4].missing
    meldcode_services.record_consultation(
        owner_access,
        stage="step4",
        consulted_on=TODAY,
        consultee="care_coordinator",
        question="Klopt de afweging?",
        advice="Ja.",
    )
    assert "expert_consultation" not in _steps(owner_access)[4].missing
