"""REST API v1: the same access functions and services as the web pages, so the same rules and audit events.

Updates need ``If-Match`` with the record's version; POSTs may carry an ``Idempotency-Key``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from signaalwijzer.accounts.models import User
from signaalwijzer.api import idempotency
from signaalwijzer.api import serializers as s
from signaalwijzer.api.permissions import CaseWorker
from signaalwijzer.api.problems import problem
from signaalwijzer.api.safety_serializers import MissingEpisodeSerializer, SafetyPlanSerializer
from signaalwijzer.api.selectors import assessments_of, records_of
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.access import (
    CaseAccess,
    CaseListFilter,
    case_get_for_user,
    case_page_of_list_for_user,
)
from signaalwijzer.cases.history import case_history
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.write_path import note_export, reading, writing
from signaalwijzer.casework.veilig_thuis_package import build_package
from signaalwijzer.consent import services as consent_services
from signaalwijzer.consent.models import ConsentRecord
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.meldcode.models import Action, Consultation, Conversation
from signaalwijzer.meldcode.selectors import case_action, case_weighing, case_weighing_versions
from signaalwijzer.safety import services as safety_services
from signaalwijzer.safety.models import MissingEpisode
from signaalwijzer.safety.selectors import case_safety_plan

API_PAGE_SIZE = 100

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The version of the record you read (its ETag).",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Send the same key when you retry: the record is made only once.",
)


def _or_nothing_yet(
    serializer: type[serializers.Serializer], name: str
) -> PolymorphicProxySerializer:
    """The one-per-case record, or ``{}`` while there is none: a generated client must accept both."""
    return PolymorphicProxySerializer(
        component_name=f"{name}OrNothingYet",
        serializers=[serializer, s.NothingYetSerializer],
        resource_type_field_name=None,
    )


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _expected_version(request: Request) -> int | Response:
    raw = request.headers.get("If-Match", "").strip().strip('W/"').strip('"')
    if not raw:
        return problem(
            status.HTTP_428_PRECONDITION_REQUIRED,
            "If-Match is required",
            "Send the version you read (its ETag) in the If-Match header.",
        )
    if not raw.isdigit():
        return problem(status.HTTP_400_BAD_REQUEST, "If-Match must be a version number")
    return int(raw)


def _with_etag(response: Response, version: int) -> Response:
    response["ETag"] = f'"{version}"'
    return response


@method_decorator(login_not_required, name="dispatch")
class ApiView(APIView):
    permission_classes = [CaseWorker]

    # DRF checks permissions before throttles; we throttle first, so refused requests count too.
    def check_permissions(self, request: Request) -> None:
        super().check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request: Request) -> None:
        """Done in ``check_permissions``."""


class CaseListView(ApiView):
    @extend_schema(
        responses=s.CaseSerializer(many=True),
        parameters=[
            s.CaseListQuerySerializer,
            OpenApiParameter(
                "Link",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=True,
                description='The next page, as <url>; rel="next", when there is one.',
            ),
            OpenApiParameter(
                "X-Total-Count", OpenApiTypes.INT, OpenApiParameter.HEADER, response=True
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        query = _valid_query(s.CaseListQuerySerializer, request)
        status_filter = {"open": Case.Status.OPEN, "closed": Case.Status.CLOSED, "all": None}
        listed = case_page_of_list_for_user(
            _user(request),
            purpose="api.cases.list",
            page=query["page"],
            per_page=API_PAGE_SIZE,
            chosen=CaseListFilter(
                status=status_filter[query["status"]], search=query.get("q") or None
            ),
        )
        response = Response(s.CaseSerializer(listed.cases, many=True).data)
        response["X-Total-Count"] = str(listed.total)
        if listed.number < listed.pages:
            # The next page keeps the client's own query (a q included: the client put it in its URL).
            params = request.query_params.copy()
            params["page"] = str(listed.number + 1)
            next_page = request.build_absolute_uri(f"?{params.urlencode()}")
            response["Link"] = f'<{next_page}>; rel="next"'
        return response

    @extend_schema(
        request=s.CaseInputSerializer,
        responses={201: s.CaseSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.CaseInputSerializer, request)

        def create() -> idempotency.Created:
            fields = dict(data)
            case = case_services.open_case(
                user=_user(request),
                pseudonym=fields.pop("pseudonym"),
                concern=fields.pop("concern"),
                **fields,
            )
            response = Response(s.CaseSerializer(case).data, status=status.HTTP_201_CREATED)
            return case, case.pk, _with_etag(response, case.version)

        def replay(case_id: int) -> Response:
            access = case_get_for_user(_user(request), case_id, purpose="api.case.replay")
            return _with_etag(Response(s.CaseSerializer(access.case).data), access.case.version)

        return idempotency.run_once(request, create, replay)


class CaseDetailView(ApiView):
    @extend_schema(responses=s.CaseSerializer)
    def get(self, request: Request, case_id: int) -> Response:
        access = case_get_for_user(_user(request), case_id, purpose="api.case.detail")
        return _with_etag(Response(s.CaseSerializer(access.case).data), access.case.version)

    @extend_schema(request=s.CasePatchSerializer, responses=s.CaseSerializer, parameters=[IF_MATCH])
    def patch(self, request: Request, case_id: int) -> Response:
        version = _expected_version(request)
        if isinstance(version, Response):
            return version
        data = _valid(s.CasePatchSerializer, request, partial=True)
        with writing(_user(request), case_id) as access:
            case = case_services.update_case(access, expected_version=version, changes=dict(data))
        return _with_etag(Response(s.CaseSerializer(case).data), case.version)


def _valid_query(
    serializer_class: type[serializers.Serializer], request: Request
) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _valid(
    serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any
) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _CaseRecordsView(ApiView):
    """List and add the records of one kind of a case (signals, consultations, conversations, consents,
    actions, missing episodes). Each subclass is decorated with ``_documented`` and has its own docstring."""

    serializer_class: type[serializers.ModelSerializer]
    model: Any
    purpose: str
    noun: str
    save: Callable[..., Any]

    def _records(self, access: CaseAccess) -> Any:
        return records_of(self.model, access)

    def get(self, request: Request, case_id: int) -> Response:
        access = case_get_for_user(_user(request), case_id, purpose=f"api.{self.purpose}.list")
        return Response(self.serializer_class(self._records(access), many=True).data)

    def post(self, request: Request, case_id: int) -> Response:
        data = _valid(self.serializer_class, request)

        def create() -> idempotency.Created:
            with writing(_user(request), case_id) as access:
                record = type(self).save(access, **data)
            response = Response(self.serializer_class(record).data, status=status.HTTP_201_CREATED)
            return record, case_id, response

        def replay(record_id: int) -> Response:
            access = case_get_for_user(
                _user(request), case_id, purpose=f"api.{self.purpose}.replay"
            )
            record = self._records(access).filter(pk=record_id).first()
            if record is None:
                raise Http404
            return Response(self.serializer_class(record).data)

        return idempotency.run_once(request, create, replay)


def _documented(view: type[_CaseRecordsView]) -> type[_CaseRecordsView]:
    """Each list view its own get/post to annotate: annotating the inherited functions would annotate
    the one function all record lists share, and the last serializer would show for every list."""
    serializer = view.serializer_class

    def get(self: _CaseRecordsView, request: Request, case_id: int) -> Response:
        return _CaseRecordsView.get(self, request, case_id)

    def post(self: _CaseRecordsView, request: Request, case_id: int) -> Response:
        return _CaseRecordsView.post(self, request, case_id)

    view.get = extend_schema(  # type: ignore[method-assign]
        responses=serializer(many=True), description=f"Every {view.noun} of the case, oldest first."
    )(get)
    view.post = extend_schema(  # type: ignore[method-assign]
        request=serializer,
        responses={201: serializer},
        parameters=[IDEMPOTENCY_KEY],
        description=f"Record one {view.noun}.",
    )(post)
    return view


@_documented
class ObservationListView(_CaseRecordsView):
    noun = "signal (observation)"
    serializer_class = s.ObservationSerializer
    model = case_services.Observation
    purpose = "observations"
    save = staticmethod(case_services.record_observation)


@_documented
class ConsultationListView(_CaseRecordsView):
    noun = "consultation"
    serializer_class = s.ConsultationSerializer
    model = Consultation
    purpose = "consultations"
    save = staticmethod(meldcode_services.record_consultation)


@_documented
class ConversationListView(_CaseRecordsView):
    noun = "conversation with the young person or the parents"
    serializer_class = s.ConversationSerializer
    model = Conversation
    purpose = "conversations"
    save = staticmethod(meldcode_services.record_conversation)


@_documented
class ConsentListView(_CaseRecordsView):
    noun = "consent record"
    serializer_class = s.ConsentSerializer
    model = ConsentRecord
    purpose = "consents"
    save = staticmethod(consent_services.record_consent)


@_documented
class ActionListView(_CaseRecordsView):
    noun = "action"
    serializer_class = s.ActionSerializer
    model = Action
    purpose = "actions"
    save = staticmethod(meldcode_services.add_action)


@_documented
class MissingEpisodeListView(_CaseRecordsView):
    noun = "missing episode"
    serializer_class = MissingEpisodeSerializer
    model = MissingEpisode
    purpose = "missing_episodes"
    save = staticmethod(safety_services.record_missing_episode)


class VeiligThuisPackageView(ApiView):
    @extend_schema(
        parameters=[s.VeiligThuisPackageQuerySerializer],
        responses=s.VeiligThuisPackageSerializer,
    )
    def get(self, request: Request, case_id: int) -> Response:
        """The report for Veilig Thuis in the sections of its form, as text and as sections.

        An export: the access log records it. ``basis=consent`` without the consent the age rule requires
        is a 400 that says what is missing; ``basis=advice`` leaves out what identifies the young person.
        """
        basis = _valid_query(s.VeiligThuisPackageQuerySerializer, request)["basis"]
        with reading(_user(request), case_id) as access:
            package = build_package(access, basis=basis, data={})
            note_export(access, f"api.veilig_thuis_package.{basis}")
        return Response(s.VeiligThuisPackageSerializer(package.as_dict()).data)


class ActionDetailView(ApiView):
    @extend_schema(request=s.ActionSerializer, responses=s.ActionSerializer, parameters=[IF_MATCH])
    def patch(self, request: Request, case_id: int, action_id: int) -> Response:
        version = _expected_version(request)
        if isinstance(version, Response):
            return version
        data = _valid(s.ActionSerializer, request, partial=True)
        with writing(_user(request), case_id) as access:
            action = meldcode_services.update_action(
                access, case_action(access, action_id), expected_version=version, changes=data
            )
        return _with_etag(Response(s.ActionSerializer(action).data), action.version)


class WeighingView(ApiView):
    @extend_schema(responses=_or_nothing_yet(s.WeighingSerializer, "Weighing"))
    def get(self, request: Request, case_id: int) -> Response:
        access = case_get_for_user(_user(request), case_id, purpose="api.weighing.detail")
        weighing = case_weighing(access)
        if weighing is None:
            return _with_etag(Response({}), 0)
        return _with_etag(Response(s.WeighingSerializer(weighing).data), weighing.version)

    @extend_schema(
        request=s.WeighingSerializer, responses=s.WeighingSerializer, parameters=[IF_MATCH]
    )
    def put(self, request: Request, case_id: int) -> Response:
        version = _expected_version(request)
        if isinstance(version, Response):
            return version
        data = _valid(s.WeighingSerializer, request)
        with writing(_user(request), case_id) as access:
            weighing = meldcode_services.save_weighing(access, expected_version=version, data=data)
        return _with_etag(Response(s.WeighingSerializer(weighing).data), weighing.version)


class WeighingVersionListView(ApiView):
    @extend_schema(responses=s.WeighingVersionSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        """Every saved version of the case's weighing, newest first."""
        access = case_get_for_user(_user(request), case_id, purpose="api.weighing.versions")
        versions = case_weighing_versions(access)
        return Response(s.WeighingVersionSerializer(versions, many=True).data)


class AssessmentListView(ApiView):
    @extend_schema(responses=s.AssessmentSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        access = case_get_for_user(_user(request), case_id, purpose="api.assessments.list")
        assessments = assessments_of(access)
        return Response(s.AssessmentSerializer(assessments, many=True).data)


class HistoryView(ApiView):
    @extend_schema(responses=s.ChangeSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        """Every change of the case and its records, newest first: who, when, which fields from what to what."""
        access = case_get_for_user(_user(request), case_id, purpose="api.history.list")
        return Response(s.ChangeSerializer(case_history(access), many=True).data)


class SafetyPlanView(ApiView):
    @extend_schema(responses=_or_nothing_yet(SafetyPlanSerializer, "SafetyPlan"))
    def get(self, request: Request, case_id: int) -> Response:
        """The case's safety plan; ``{}`` with ETag "0" while there is none (PUT with If-Match: 0 makes it)."""
        access = case_get_for_user(_user(request), case_id, purpose="api.safety_plan.detail")
        plan = case_safety_plan(access)
        if plan is None:
            return _with_etag(Response({}), 0)
        return _with_etag(Response(SafetyPlanSerializer(plan).data), plan.version)

    @extend_schema(
        request=SafetyPlanSerializer, responses=SafetyPlanSerializer, parameters=[IF_MATCH]
    )
    def put(self, request: Request, case_id: int) -> Response:
        version = _expected_version(request)
        if isinstance(version, Response):
            return version
        data = _valid(SafetyPlanSerializer, request)
        with writing(_user(request), case_id) as access:
            plan = safety_services.save_safety_plan(access, expected_version=version, data=data)
        return _with_etag(Response(SafetyPlanSerializer(plan).data), plan.version)
