"""Writes a canary through every route into a file database (run by test_free_text_at_rest.py).

Run as its own process with SQLITE_PATH pointing at an empty file and LOG_LEVEL=DEBUG, so that the test can
read the database file, its WAL and everything the process logged.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalwijzer.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

CANARY = sys.argv[1]
TODAY = dt.date.today().isoformat()


def _key(key: str, what: str) -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": f"{key}-{what}"} if key else {}


def main() -> None:
    setup_test_environment()  # the locmem mail backend: mails are checked by the caller's other tests
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from signaalwijzer.api.models import PersonalAccessToken
    from signaalwijzer.cases.models import Case
    from signaalwijzer.cases.tasks import notify_meldcode_officer
    from signaalwijzer.meldcode.tasks import remind_action_owner
    from tests.factories import OrganisationFactory, TeamFactory, enrol_totp, make_user, sign_in

    team = TeamFactory(organisation=OrganisationFactory(name="Probe"), name="Team")
    user = make_user("probe@example.org", team=team)
    enrol_totp(user)
    web = Client()
    sign_in(web, user)

    # Pages.
    web.post(reverse("cases:start"), {"pseudonym": CANARY, "concern": CANARY, "reference": CANARY})
    case = Case.objects.get()
    for name, data in (
        (
            "observation_create",
            {"observed_on": TODAY, "description": CANARY, "source": "own", "nature": "fact"},
        ),
        (
            "consultation_create",
            {
                "consulted_on": TODAY,
                "consultee": "colleague",
                "question": CANARY,
                "advice": CANARY,
                "stage": "step2",
            },
        ),
        (
            "conversation_create",
            {
                "held_on": TODAY,
                "with_young_person": "on",
                "discussed": CANARY,
                "reaction": CANARY,
                "kind": "step3",
            },
        ),
        ("weighing", {"version": 0, "q1_suspicion": "yes", "q1_reason": CANARY}),
    ):
        web.post(reverse(f"cases:{name}", args=[case.pk]), data)

    # The API, with and without an Idempotency-Key.
    _token, raw = PersonalAccessToken.issue(user=user, name="probe", scope="write", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for key in ("", CANARY):
        made = api.post(
            reverse("api:cases"),
            {"pseudonym": CANARY, "concern": CANARY},
            content_type="application/json",
            **_key(key, "case"),
        )
        api.post(
            reverse("api:observations", args=[made.json()["id"]]),
            {"observed_on": TODAY, "description": CANARY, "source": "own", "nature": "fact"},
            content_type="application/json",
            **_key(key, "observation"),
        )
        api.post(
            reverse("api:actions", args=[made.json()["id"]]),
            {"kind": "monitoring", "owner": user.pk, "due_on": TODAY, "description": CANARY},
            content_type="application/json",
            **_key(key, "action"),
        )

    # Exports and tasks.
    web.get(reverse("cases:dossier", args=[case.pk]))
    web.get(reverse("cases:subject_access_download", args=[case.pk, "json"]))
    web.get(reverse("cases:veilig_thuis_package", args=[case.pk]))
    from signaalwijzer.meldcode.models import Action

    for action in Action.objects.all():
        remind_action_owner.call(action.pk)
    notify_meldcode_officer.call(user.pk)
    from signaalwijzer.cases.models import Observation

    written = [case.concern for case in Case.objects.all()]
    written += [observation.description for observation in Observation.objects.all()]
    written += [action.description for action in Action.objects.all()]
    assert written.count(CANARY) == 3 + 3 + 2, (
        f"the canary was not written everywhere: {len(written)}"
    )
    connection.close()
    print("probe done")


if __name__ == "__main__":
    main()
