"""A worked case as a new user would record it: a young person missing two nights, acute unsafety, "report".

Shared by the package, dossier and browser tests. Every free text is distinct, so a test can find each one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from signaalwijzer.cases import services
from signaalwijzer.instruments import services as instrument_services
from signaalwijzer.instruments.loader import latest_shipped
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.safety import services as safety_services

TODAY = dt.date.today()
CHECKLIST_KEY = "signalenlijst-uitbuiting"
TICKED = ("online_unknown_contacts", "online_meets_contacts")

FACT = "Was twee nachten weg en kwam terug met een nieuwe telefoon."
INTERPRETATION = "Ik denk dat een oudere man haar onder druk zet."
Q1_REASON = "Twee nachten vermist, nieuwe telefoon, oudere man."
Q2_REASON = "Zij slaapt bij een onbekende volwassene: acuut gevaar."
OWN_ACCOUNT = "Zij vertelt zelf dat ze bij een vriend van internet sliep."
HER_REACTION = "Zij wil niet dat er iets gebeurt."
MOTHER_TALK = "Met moeder de zorgen en de melding besproken."
MOTHER_REFUSAL = "Moeder weigert hulp en wil geen melding."
OPEN_ACTION = "Wekelijks gesprek met de mentor."
RISKS = "Hij haalt haar op bij de bushalte."


def checklist():
    return latest_shipped(CHECKLIST_KEY)


def work_the_acute_case(access, professional):
    services.record_observation(
        access, observed_on=TODAY, description=FACT, source="own", nature="fact"
    )
    services.record_observation(
        access,
        observed_on=TODAY,
        description=INTERPRETATION,
        source="own",
        nature="interpretation",
    )
    meldcode_services.record_consultation(
        access,
        consulted_on=TODAY,
        consultee="meldcode_officer",
        question="Is dit acuut?",
        advice="Ja, meld vandaag.",
    )
    meldcode_services.record_conversation(
        access, held_on=TODAY, with_young_person=True, discussed=OWN_ACCOUNT, reaction=HER_REACTION
    )
    meldcode_services.record_conversation(
        access,
        held_on=TODAY,
        kind="weighing",
        with_young_person=False,
        with_parents=True,
        others_present="mentor",
        discussed=MOTHER_TALK,
        reaction=MOTHER_REFUSAL,
    )
    meldcode_services.save_weighing(
        access,
        expected_version=0,
        data={
            "q1_suspicion": True,
            "q1_reason": Q1_REASON,
            "q2_unsafety": "acute",
            "q2_reason": Q2_REASON,
            "final_decision": "report",
            "report_needed": True,
        },
    )
    loaded = checklist()
    assessment = instrument_services.start_assessment(access, loaded=loaded)
    marks = {
        item.key: ("present" if item.key in TICKED else "absent")
        for item in loaded.definition.all_items()
    }
    instrument_services.save_answers(
        access,
        assessment,
        loaded,
        expected_version=assessment.version,
        part={"marks": marks},
        finish=True,
    )
    meldcode_services.add_action(
        access, kind="monitoring", owner=professional, due_on=TODAY, description=OPEN_ACTION
    )
    safety_services.record_missing_episode(
        access,
        missing_from=timezone.now() - dt.timedelta(days=3),
        missing_until=timezone.now() - dt.timedelta(days=1),
    )
    safety_services.save_safety_plan(
        access,
        expected_version=0,
        data={
            "risks": RISKS,
            "whom_to_call": "Mentor, of 112.",
            "review_on": TODAY + dt.timedelta(weeks=2),
        },
    )


def signal_label(key: str, language: str = "en") -> str:
    return next(
        item.label.get(language) for item in checklist().definition.all_items() if item.key == key
    )
