"""Shapes of the safety records in the API (missing episodes, the safety plan). Rules stay in the service."""

from __future__ import annotations

from signaalwijzer.api.serializers import RecordSerializer
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan

_OPTIONAL_TEXT = {"required": False, "allow_blank": True}


class MissingEpisodeSerializer(RecordSerializer):
    class Meta:
        model = MissingEpisode
        fields = [
            "id",
            "missing_from",
            "missing_until",
            "reported_to_police_at",
            "police_reference",
            "whereabouts",
            "return_interview_on",
            "return_interview_by",
            "learned",
            "recorded_at",
            "version",
        ]
        read_only_fields = ["id", "recorded_at", "version"]
        extra_kwargs = dict.fromkeys(
            ("police_reference", "whereabouts", "return_interview_by", "learned"), _OPTIONAL_TEXT
        )


class SafetyPlanSerializer(RecordSerializer):
    class Meta:
        model = SafetyPlan
        fields = [
            "risks",
            "agreements_phone",
            "agreements_online",
            "agreements_going_out",
            "agreements_return_home",
            "whom_to_call",
            "review_on",
            "updated_at",
            "version",
        ]
        read_only_fields = ["updated_at", "version"]
        extra_kwargs = dict.fromkeys(
            (
                "agreements_phone",
                "agreements_online",
                "agreements_going_out",
                "agreements_return_home",
            ),
            _OPTIONAL_TEXT,
        )
