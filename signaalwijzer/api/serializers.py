"""Output shapes and input checks of the API. Domain rules stay in the services."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from signaalwijzer.cases.models import CODED_LISTS, Case, ExploitationForm, Observation
from signaalwijzer.casework.veilig_thuis_package import BASES, MELDRECHT
from signaalwijzer.consent.models import ConsentRecord
from signaalwijzer.instruments.caveat import Caveat, caveats_for
from signaalwijzer.instruments.models import Assessment
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    DecisionChoice,
    UnsafetyChoice,
    Weighing,
    WeighingVersion,
)
from signaalwijzer.text_input import validate_free_text


class StringField(serializers.CharField):
    """Text must come as a JSON string, as the schema says: ``0`` or ``true`` is a 400, not the text "0"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


# A model serializer whose text fields take text only (see StringField). A comment, not a docstring:
# drf-spectacular would show a docstring as the description of every schema.
class RecordSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StringField,
        models.TextField: StringField,
    }


class CodedListField(serializers.ListField):
    """A coded list of the case (how it happens): several values, "unknown" allowed, never free text.

    Not filled in is an empty list (also when the database holds null). "unknown" together with another value
    is refused by the service (cases/coded_lists.py), as in the forms.
    """

    def __init__(self, name: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", Case.coded_list_label(name))
        choices = CODED_LISTS[name].choices
        super().__init__(child=serializers.ChoiceField(choices=choices), **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        # A serializer writes null for a None attribute without asking the field: read it as empty here.
        return super().get_attribute(instance) or []


class CaseSerializer(RecordSerializer):
    # Stored encrypted in a text column, so the model field would map to a string: it is a date.
    date_of_birth = serializers.DateField(
        read_only=True, allow_null=True, label=Case._meta.get_field("date_of_birth").verbose_name
    )
    recruitment_channels = CodedListField("recruitment_channels", read_only=True)
    methods = CodedListField("methods", read_only=True)
    location_types = CodedListField("location_types", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "pseudonym",
            "reference",
            "concern",
            "date_of_birth",
            "gender",
            "municipality_code",
            "lvb",
            "setting",
            "exploitation_forms",
            "recruitment_channels",
            "methods",
            "location_types",
            "status",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "status", "created_at", "updated_at", "version"]


class CaseInputSerializer(serializers.Serializer):
    pseudonym = StringField(max_length=200, validators=[validate_free_text])
    concern = StringField(max_length=5000, validators=[validate_free_text])
    reference = StringField(
        max_length=200, required=False, allow_blank=True, validators=[validate_free_text]
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Case._meta.get_field("gender").choices, required=False)
    municipality_code = StringField(max_length=6, required=False, allow_blank=True)
    lvb = serializers.ChoiceField(choices=Case._meta.get_field("lvb").choices, required=False)
    setting = serializers.ChoiceField(
        choices=Case._meta.get_field("setting").choices, required=False, allow_blank=True
    )
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices), required=False
    )
    recruitment_channels = CodedListField("recruitment_channels", required=False)
    methods = CodedListField("methods", required=False)
    location_types = CodedListField("location_types", required=False)


class CasePatchSerializer(CaseInputSerializer):
    pseudonym = StringField(max_length=200, required=False, validators=[validate_free_text])
    concern = StringField(max_length=5000, required=False, validators=[validate_free_text])


class ObservationSerializer(RecordSerializer):
    class Meta:
        model = Observation
        fields = [
            "id",
            "observed_on",
            "description",
            "source",
            "source_name",
            "nature",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_at"]
        extra_kwargs = {"source_name": {"required": False, "allow_blank": True}}


class ConsultationSerializer(RecordSerializer):
    class Meta:
        model = Consultation
        fields = [
            "id",
            "stage",
            "consulted_on",
            "consultee",
            "consultee_name",
            "question",
            "advice",
            "no_identifying_data_shared",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_at"]
        extra_kwargs = {"consultee_name": {"required": False, "allow_blank": True}}


class ConversationSerializer(RecordSerializer):
    """A conversation with the young person and/or the parents (step 3, or the weighing presented in step 4)."""

    class Meta:
        model = Conversation
        fields = [
            "id",
            "kind",
            "held_on",
            "with_young_person",
            "with_parents",
            "others_present",
            "discussed",
            "reaction",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_at"]
        extra_kwargs = {"others_present": {"required": False, "allow_blank": True}}


class ConsentSerializer(RecordSerializer):
    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "party",
            "purpose",
            "status",
            "recorded_on",
            "young_person_competent",
            "not_asked_reason",
            "note",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_at"]
        extra_kwargs = {
            "not_asked_reason": {"required": False, "allow_blank": True},
            "note": {"required": False, "allow_blank": True},
        }


class ActionSerializer(RecordSerializer):
    class Meta:
        model = Action
        fields = [
            "id",
            "kind",
            "description",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "reported_on",
            "channel",
            "reference",
            "informed_beforehand",
            "informed_who",
            "informed_reaction",
            "not_informed_reason",
            "version",
        ]
        read_only_fields = ["id", "completed_on", "version"]
        extra_kwargs = {
            field: {"required": False, "allow_blank": True}
            for field in (
                "description",
                "reference",
                "informed_who",
                "informed_reaction",
                "not_informed_reason",
            )
        } | {
            "channel": {"required": False, "allow_blank": True},
            # The same answer for a user who does not exist and one outside the team: the API does not
            # tell which user ids exist.
            "owner": {
                "error_messages": {"does_not_exist": _("Choose someone from the case team.")}
            },
        }


class WeighingSerializer(RecordSerializer):
    q2_unsafety = serializers.ChoiceField(
        choices=UnsafetyChoice.choices, required=False, allow_blank=True
    )

    class Meta:
        model = Weighing
        fields = [
            "q1_suspicion",
            "q1_reason",
            "q2_unsafety",
            "q2_reason",
            "q3_can_help",
            "q3_reason",
            "q4_help_accepted",
            "q4_reason",
            "q5_help_effective",
            "q5_reason",
            "disclosure",
            "final_decision",
            "deviation_reason",
            "report_needed",
            "help_possible",
            "no_expert_consultation_reason",
            "no_coordinator_contact_reason",
            "exploiter_in_household",
            "version",
        ]
        read_only_fields = ["version"]
        extra_kwargs = {
            name: {"required": False, "allow_blank": True}
            for name in (
                "q1_reason",
                "q2_reason",
                "q3_reason",
                "q4_reason",
                "q5_reason",
                "final_decision",
                "deviation_reason",
                "no_expert_consultation_reason",
                "no_coordinator_contact_reason",
            )
        }


class WeighingVersionSerializer(RecordSerializer):
    """One saved weighing: the fields of the weighing as it was, and when and by whom it was saved."""

    version = serializers.IntegerField(source="number", read_only=True)
    # Read-only fields lose allow_blank in a ModelSerializer, and the schema would refuse "" (not answered).
    q2_unsafety = serializers.ChoiceField(
        choices=UnsafetyChoice.choices, read_only=True, allow_blank=True
    )
    final_decision = serializers.ChoiceField(
        choices=DecisionChoice.choices, read_only=True, allow_blank=True
    )

    class Meta:
        model = WeighingVersion
        fields = [
            *WeighingSerializer.Meta.fields,
            "outcome",
            "decided_at",
            "recorded_at",
            "author",
        ]
        read_only_fields = fields


class AssessmentListSerializer(serializers.ListSerializer):
    """Looks up what every result is worth once for the whole list (at most one query)."""

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        self.child.caveats = caveats_for(items)
        return super().to_representation(items)


class AssessmentSerializer(RecordSerializer):
    validated = serializers.SerializerMethodField(
        help_text="Whether the instrument is scientifically validated. false for Signaalwijzer's own "
        "signalling list: its profiles and thresholds are indicative."
    )
    caveat = serializers.SerializerMethodField(
        help_text="What the result is worth, in the language of the request; show it with the result. "
        "For Signaalwijzer's own list it says: own list, not validated, not the Signaleringstool 11VB."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "instrument_key",
            "instrument_version",
            "status",
            "result_key",
            "validated",
            "caveat",
            "recorded_at",
            "finished_at",
        ]
        read_only_fields = fields
        list_serializer_class = AssessmentListSerializer

    def _caveat(self, assessment: Assessment) -> Caveat:
        caveats: dict[int, Caveat] = getattr(self, "caveats", None) or {}
        if assessment.pk not in caveats:
            caveats = caveats_for([assessment])
        return caveats[assessment.pk]

    def get_validated(self, assessment: Assessment) -> bool:
        return self._caveat(assessment).validated

    def get_caveat(self, assessment: Assessment) -> str:
        caveat = self._caveat(assessment)
        return f"{caveat.label}. {caveat.text}"


class CaseListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["open", "closed", "all"],
        required=False,
        default="open",
        help_text="open (the default), closed, or all: both.",
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Only the case whose whole pseudonym or reference is this (capitals, extra spaces and "
        "Unicode variants do not matter; part of a value finds nothing). Matched through a keyed blind "
        "index, never by decrypting. The server does not log it; a SEARCH access event records that "
        "you searched, without the term.",
    )
    page = serializers.IntegerField(
        min_value=1,
        max_value=1_000_000,
        required=False,
        default=1,
        help_text="Page number: 100 cases per page, most recently changed first. "
        "Past the last page: the last page.",
    )

    def to_internal_value(self, data: Any) -> Any:
        # DRF takes an empty query value as "not given"; ``?page=`` is a mistake, not page 1.
        if hasattr(data, "getlist") and "" in data.getlist("page"):
            raise serializers.ValidationError({"page": [_("A valid integer is required.")]})
        for name in (
            "status",
            "q",
        ):  # likewise: ``?status=`` is not "open", ``?q=`` is not "everything"
            if hasattr(data, "getlist") and "" in data.getlist(name):
                raise serializers.ValidationError({name: [_("This field may not be blank.")]})
        return super().to_internal_value(data)


class FieldChangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ChangeSerializer(serializers.Serializer):
    record_type = serializers.CharField(help_text='The kind of record, e.g. "meldcode.action".')
    record_id = serializers.IntegerField()
    changed_by = serializers.IntegerField(source="changed_by.pk", help_text="The user id.")
    changed_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="The record's version after this change.")
    changed_fields = serializers.SerializerMethodField()
    values = FieldChangeSerializer(source="fields", many=True)

    def get_changed_fields(self, change: Any) -> list[str]:
        return [field.name for field in change.fields]


class VeiligThuisPackageQuerySerializer(serializers.Serializer):
    basis = serializers.ChoiceField(
        choices=list(BASES),
        required=False,
        default=MELDRECHT,
        help_text="meldrecht: a report without consent (Wmo 2015 article 5.2.6); consent: a report with "
        "the consent the age rule requires (400 when it is missing); advice: an anonymous advice request "
        "without data that identify the young person.",
    )

    def to_internal_value(self, data: Any) -> Any:
        # As for ``?page=``: an empty ``?basis=`` is a mistake, not the default.
        if hasattr(data, "getlist") and "" in data.getlist("basis"):
            raise serializers.ValidationError(
                {"basis": [_("Choose meldrecht, consent or advice.")]}
            )
        return super().to_internal_value(data)


class PackageSectionSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="A stable English name of the section (reporter, people_involved, concern, weighing, "
        "conversations, consent, instruments, our_help, support_network, other)."
    )
    title = serializers.CharField(help_text="The section of the Veilig Thuis form.")
    lines = serializers.ListField(child=serializers.CharField())


class VeiligThuisPackageSerializer(serializers.Serializer):
    basis = serializers.CharField()
    text = serializers.CharField(
        help_text="The whole package as plain text, to copy into the form."
    )
    sections = PackageSectionSerializer(many=True)


class NothingYetSerializer(serializers.Serializer):
    """``{}``, with ETag "0": the case has no such record yet (PUT with If-Match: 0 makes it)."""


class NothingYetSchema(OpenApiSerializerExtension):
    """drf-spectacular drops a component without fields; this one is the documented ``{}``."""

    target_class = NothingYetSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {
            "type": "object",
            "description": NothingYetSerializer.__doc__,
            "additionalProperties": False,
            "maxProperties": 0,
        }
