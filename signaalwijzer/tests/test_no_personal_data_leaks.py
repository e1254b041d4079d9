"""A canary value entered in every free-text field never shows up in logs, URLs, e-mails or error pages."""

import datetime as dt
import logging

from django.core import mail
from django.urls import reverse

from signaalwijzer.cases import services
from signaalwijzer.cases.tasks import notify_meldcode_officer
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.meldcode.tasks import remind_action_owner

CANARY = "CANARY-Jeroen-van-Dijk-0612345678"
TODAY = dt.date.today()


def test_the_canary_stays_inside_the_case(signed_in_client, professional, caplog, settings):
    caplog.set_level(logging.DEBUG)
    response = signed_in_client.post(
        reverse("cases:start"), {"pseudonym": CANARY, "concern": CANARY, "reference": CANARY}
    )
    case_url = response["Location"]
    assert CANARY not in case_url
    case = services.Case.objects.get()
    access = services.CaseAccess(case=case, user=professional, basis="owner")
    action = meldcode_services.add_action(
        access, kind="monitoring", owner=professional, due_on=TODAY, description=CANARY
    )
    locations = []
    for name in ("observation_create", "consultation_create", "conversation_create", "weighing"):
        url = reverse(f"cases:{name}", args=[case.pk])
        data = {
            "observed_on": TODAY.isoformat(),
            "description": CANARY,
            "source": "own",
            "nature": "fact",
            "consulted_on": TODAY.isoformat(),
            "consultee": "colleague",
            "question": CANARY,
            "advice": CANARY,
            "stage": "step2",
            "kind": "step3",
            "held_on": TODAY.isoformat(),
            "with_young_person": "on",
            "discussed": CANARY,
            "reaction": CANARY,
            "version": 0,
            "q1_suspicion": "yes",
            "q1_reason": CANARY,
        }
        post = signed_in_client.post(url, data)
        locations.append(post.get("Location", ""))
    for url in (case_url, reverse("cases:dashboard"), reverse("cases:team", args=[case.pk])):
        assert CANARY in signed_in_client.get(url).content.decode()  # it is shown where it belongs
    # Error pages: a missing sub-record, a bad form.
    missing = signed_in_client.get(reverse("cases:action_update", args=[case.pk, 999999]))
    bad = signed_in_client.post(
        reverse("cases:observation_create", args=[case.pk]), {"description": CANARY}
    )
    remind_action_owner.call(action.pk)
    notify_meldcode_officer.call(professional.pk)

    assert all(CANARY not in location for location in locations)
    assert CANARY not in missing.content.decode()
    assert bad.status_code == 400  # the form shows the user's own input again, which is fine...
    assert CANARY not in caplog.text  # ...but nothing of it reaches the logs
    assert mail.outbox
    assert all(CANARY not in message.subject + message.body for message in mail.outbox)
