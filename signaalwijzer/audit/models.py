"""Access events: who did what with which case record, when, why, and on what basis."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        READ = "read", _("viewed")
        UPDATE = "update", _("changed")
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")
        EXPORT = "export", _("exported or printed")
        SEARCH = "search", _("searched")
        LIST = "list", _("saw in a list")
        SHARE = "share", _("shared")
        GRANT = "grant", _("gave access")
        DELETE = "delete", _("destroyed")
        BREAK_GLASS = "break_glass", _("emergency access (break the glass)")
        LOG_VIEW = "log_view", _("viewed the access log")
        # The log manager's conclusion about an emergency access, chained like every other event.
        REVIEW = "review", _("reviewed emergency access")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Empty only for the system itself (the retention task); ``on_behalf_of`` then says what acted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
        null=True,
    )
    # Kept as it was at the moment of access, so later changes to the user do not rewrite history.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    roles = models.CharField(_("roles"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    # No database constraint: the log must outlive the case it describes. No index of its own either:
    # access_event_case_at (case, -at) serves every look-up by case, and each index slows every write.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="access_events",
    )
    record_type = models.CharField(_("record type"), max_length=50, blank=True)
    record_id = models.BigIntegerField(_("record"), null=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    purpose = models.CharField(_("purpose"), max_length=100)
    basis = models.CharField(_("authorisation basis"), max_length=50)
    emergency = models.BooleanField(_("emergency access"), default=False)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # The hash chain (see audit/chain.py): written once, never updated.
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="access_event_case_at"),
            # `audit verify` matches emergency reviews with their events: a partial index of the few review
            # events, so that check does not read the whole log (decision 49).
            models.Index(
                fields=["record_id"],
                condition=models.Q(action="review"),
                name="access_event_reviews",
            ),
        ]
        # No index on hash: nothing looks a row up by it, and a unique index on random values made
        # every event write five times as much to PostgreSQL's write-ahead log. `audit verify` finds a
        # repeated or forked hash by walking the chain.

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.purpose}"

    def chain_content(self) -> dict[str, object]:
        """Everything the hash covers (not the database id: the chain order is the id order)."""
        return {
            "at": self.at.isoformat(),
            "user": self.user_id,
            "organisation": self.organisation_id,
            "roles": self.roles,
            "on_behalf_of": self.on_behalf_of,
            "case": self.case_id,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "action": self.action,
            "purpose": self.purpose,
            "basis": self.basis,
            "emergency": self.emergency,
            "client_address": self.client_address,
        }


class ChainHead(models.Model):
    """The one row that holds the latest hash; locking it puts all log writers in one queue."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("access log chain head")

    def __str__(self) -> str:
        return self.last_hash


class LogAnchor(models.Model):
    """A signed statement about the chain kept in the database, so verifying need not start at the first row.

    ``verified``: `audit verify` walked the chain up to this row and it held; the next verify starts here.
    ``checkpoint``: a checkpoint was signed here (its row count is the base of the next one).
    ``archived``: every row up to here was exported and its partitions dropped (retention); the chain now
    starts after it. ``line`` is the signed checkpoint line (audit/checkpoints.py): the numbers in the columns
    are read from it, never trusted on their own, so a forged row without the signing key verifies nothing.
    No personal data: row numbers, a hash, a time.
    """

    class Kind(models.TextChoices):
        VERIFIED = "verified", _("verified")
        CHECKPOINT = "checkpoint", _("checkpoint")
        ARCHIVED = "archived", _("archived and dropped")

    at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    last_id = models.BigIntegerField(_("last row"))
    rows = models.BigIntegerField(_("rows up to it"))
    line = models.TextField(_("signed line"))
    # For an archive: the file the rows went to and its SHA-256, and the partitions dropped.
    archive = models.CharField(_("archive file"), max_length=300, blank=True)
    archive_sha256 = models.CharField(max_length=64, blank=True)
    partitions = models.CharField(_("partitions dropped"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access log anchor")
        verbose_name_plural = _("access log anchors")
        indexes = [models.Index(fields=["kind", "-last_id"], name="audit_anchor_kind_last")]

    def __str__(self) -> str:
        return f"{self.kind} {self.last_id}"
