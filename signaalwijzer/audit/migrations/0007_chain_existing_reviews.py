"""Chain the emergency-access reviews made before reviews were written to the access log.

From now on every review writes a ``review`` event (audit/reviews.py) and `audit verify` checks that every
reviewed emergency access has one. Reviews made earlier get their event here, marked as added by this
migration (``on_behalf_of``) and dated now, not at the review: from now on a change to them shows.
The hash is chain.digest over the event content as AccessEvent.chain_content() gives it at this version.
"""

from django.db import migrations
from django.utils import timezone

from signaalwijzer.audit.chain import GENESIS, digest

BACKFILL = "migration audit 0007: review made before reviews were logged"


def chain_reviews(apps, schema_editor):
    EmergencyAccess = apps.get_model("cases", "EmergencyAccess")
    AccessEvent = apps.get_model("audit", "AccessEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    User = apps.get_model("accounts", "User")
    reviews = list(
        EmergencyAccess.objects.filter(reviewed_at__isnull=False).order_by("reviewed_at", "pk")
    )
    if not reviews:
        return
    organisations = dict(
        User.objects.filter(pk__in={r.reviewed_by_id for r in reviews}).values_list(
            "pk", "organisation_id"
        )
    )
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = ChainHead.objects.create(pk=1, last_hash=GENESIS)
    previous = head.last_hash
    events = []
    for review in reviews:
        event = AccessEvent(
            at=timezone.now(),
            user_id=review.reviewed_by_id,
            organisation_id=organisations.get(review.reviewed_by_id),
            roles="",
            on_behalf_of=BACKFILL,
            case_id=review.case_id,
            record_type="cases.emergencyaccess",
            record_id=review.pk,
            action="review",
            purpose="audit.emergency_review",
            basis="log_manager",
            emergency=False,
            client_address=None,
            previous_hash=previous,
        )
        event.hash = digest(
            previous,
            {
                "at": event.at.isoformat(),
                "user": event.user_id,
                "organisation": event.organisation_id,
                "roles": event.roles,
                "on_behalf_of": event.on_behalf_of,
                "case": event.case_id,
                "record_type": event.record_type,
                "record_id": event.record_id,
                "action": event.action,
                "purpose": event.purpose,
                "basis": event.basis,
                "emergency": event.emergency,
                "client_address": event.client_address,
            },
        )
        previous = event.hash
        events.append(event)
    AccessEvent.objects.bulk_create(events)
    head.last_hash = previous
    head.save(update_fields=["last_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_review_action"),
        ("cases", "0002_emergency_access"),
        ("accounts", "0001_initial"),
    ]
    operations = [migrations.RunPython(chain_reviews, migrations.RunPython.noop)]
