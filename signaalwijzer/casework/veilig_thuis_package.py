"""The report package for Veilig Thuis: the case in the sections of the regional web form.

No public API exists, so Signaalwijzer prepares the report (text to copy, or PDF) and records what was sent.
What it contains depends on the basis chosen: a report (melding) on the basis of meldrecht or of consent
contains the young person's pseudonymous data and blank lines for the real identifying details (the dossier does
not hold them); an advice request (adviesvraag) is anonymous and leaves out everything that identifies the young
person or a source. A report "with consent" is refused when the consent the age rule requires is missing.

Every label is in words (choices by their label, the weighing's questions as asked), never a code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import RoleGrant
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Observation
from signaalwijzer.casework.case_page import CasePage, case_page
from signaalwijzer.casework.dossier import REPORTING_NORMS, answer_in_words, assessment_lines
from signaalwijzer.consent.services import check_sharing
from signaalwijzer.consent.sharing import LegalBasis, Purpose
from signaalwijzer.encryption import DecryptionError, decrypt_text, encrypt_text
from signaalwijzer.instruments.scoring import JudgementResult
from signaalwijzer.meldcode.forms import HELP_POSSIBLE_LABEL, QUESTION_LABELS, REPORT_NEEDED_LABEL
from signaalwijzer.meldcode.models import Action, OutcomeChoice
from signaalwijzer.meldcode.services import QUESTIONS
from signaalwijzer.safety.models import SafetyPlan

MELDRECHT = "meldrecht"
CONSENT = "consent"
ADVICE = "advice"
BASES = (MELDRECHT, CONSENT, ADVICE)

BLANK = "____________________"


@dataclass
class Section:
    key: str  # a stable English slug (the API's sections carry it)
    title: str
    lines: list[str]


@dataclass
class Package:
    basis: str
    sections: list[Section] = field(default_factory=list)
    # The free text the package copies from the case file: shown with a warning for an advice request.
    free_texts: list[str] = field(default_factory=list)

    @property
    def identifying(self) -> bool:
        return self.basis != ADVICE

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def as_dict(self) -> dict[str, Any]:
        """The package for the API: the copyable text and its sections, each with its key, title and lines."""
        return {
            "basis": self.basis,
            "text": self.as_text(),
            "sections": [
                {"key": section.key, "title": section.title, "lines": list(section.lines)}
                for section in self.sections
            ],
        }

    def as_text(self) -> str:
        lines: list[str] = []
        for section in self.sections:
            lines += [section.title.upper(), *[f"- {item}" for item in section.lines], ""]
        return "\n".join(lines).strip() + "\n"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    return formats.date_format(value, "j F Y")


def _text(value: Any) -> str:
    return str(value or "").strip()


def _age_band(age: int | None) -> str:
    if age is None:
        return _("age unknown")
    if age < 12:
        return _("younger than 12")
    if age < 16:
        return _("12 to 15 years")
    if age < 18:
        return _("16 or 17 years")
    return _("18 or older")


def _roles(user: Any) -> str:
    """The user's roles in words (the labels of RoleGrant's choices), never their codes."""
    labels = dict(RoleGrant._meta.get_field("role").flatchoices)
    return ", ".join(sorted(str(labels.get(role, role)) for role in user.roles)) or "–"


def _basis_sentence(basis: str) -> str:
    if basis == MELDRECHT:
        return _(
            "Shared on the basis of meldrecht (Wmo 2015 article 5.2.6): information for Veilig Thuis without consent."
        )
    if basis == CONSENT:
        return _("Shared with the consent that the age rule requires.")
    return _("Advice request: anonymous, without data that identify the young person.")


class _Builder:
    """Collects the sections, and every piece of free text copied from the case file."""

    def __init__(self, access: CaseAccess, page: CasePage, basis: str, data: dict[str, Any]):
        self.access = access
        self.page = page
        self.case = access.case
        self.data = data
        self.package = Package(basis=basis)
        self.language = translation.get_language() or "nl"

    @property
    def identifying(self) -> bool:
        return self.package.identifying

    def free(self, value: Any) -> str:
        """Free text as it will be copied; remembered so an advice request can show it with a warning."""
        text = _text(value)
        if text and text not in self.package.free_texts:
            self.package.free_texts.append(text)
        return text or "–"

    def add(self, key: str, title: str, lines: list[str]) -> None:
        self.package.sections.append(Section(key, title, lines or ["–"]))

    # The sections, in the order of the regional web forms.

    def reporter(self) -> None:
        user = self.access.user
        if self.identifying:
            lines = [
                f"{user.get_full_name()}, {user.organisation}",
                _("Role: %(role)s") % {"role": _roles(user)},
            ]
            if user.email:
                lines.append(_("E-mail: %(email)s") % {"email": user.email})
            lines.append(_("Phone number where Veilig Thuis can reach you:") + f" {BLANK}")
        else:
            lines = [
                str(user.organisation),
                _("Role: %(role)s") % {"role": _roles(user)},
            ]
        self.add("reporter", _("Reporter"), lines)

    def people(self) -> None:
        case, page = self.case, self.page
        if self.identifying:
            lines = [
                _(
                    "Veilig Thuis needs the real identifying details below. The case file is pseudonymous "
                    "and does not hold them: fill them in yourself before you send the report."
                ),
                *[
                    f"{label} {BLANK}"
                    for label in (
                        _("Real name of the young person:"),
                        _("Address of the young person:"),
                        _("Phone number of the young person:"),
                        _("School or daytime activity:"),
                        _("Names of the parents or carers:"),
                        _("Address and phone number of the parents or carers:"),
                    )
                ],
                _("In Signaalwijzer: %(name)s") % {"name": case.pseudonym}
                + (f" ({case.reference})" if case.reference else ""),
                _("Date of birth: %(date)s") % {"date": _day(case.date_of_birth)},
                _("Municipality: %(name)s") % {"name": page.municipality or "–"},
            ]
        else:
            lines = [_("Young person: %(band)s") % {"band": _age_band(page.age)}]
        lines += [
            _("Gender: %(gender)s") % {"gender": case.get_gender_display()},
            _("Mild intellectual disability (LVB): %(lvb)s") % {"lvb": case.get_lvb_display()},
        ]
        if case.parents_involved:
            lines.append(
                _(
                    "The parents or family may be involved in the exploitation: they were not asked for "
                    "consent and not told beforehand. Reason: %(reason)s"
                )
                % {"reason": self.free(case.parents_involved_reason)}
            )
        if self.identifying:
            # Coded only (decision 36); an advice request leaves them out, as an address can identify.
            lines += [
                _("Linked %(kind)s: %(code)s")
                % {"kind": row.entity.get_kind_display(), "code": row.entity.label}
                for row in page.links
            ]
        self.add("people_involved", _("People involved"), lines)

    def _observation(self, observation: Observation) -> str:
        source = observation.get_source_display()
        if self.identifying and observation.source_name:
            source += f" ({observation.source_name})"
        return f"{_day(observation.observed_on)} – {source}: {self.free(observation.description)}"

    def concern(self) -> None:
        case = self.case
        lines = [_("What worries us: %(text)s") % {"text": self.free(case.concern)}]
        if case.exploitation_forms:
            lines.append(
                _("Suspected: %(forms)s") % {"forms": ", ".join(case.exploitation_form_labels())}
            )
        # Coded only, never free text: the advice request (anonymous) may hold them too.
        lines += [f"{label}: {', '.join(values)}" for label, values in case.how_it_happens()]
        for nature, heading in (
            (Observation.Nature.FACT, _("Facts (what was seen or heard):")),
            (Observation.Nature.INTERPRETATION, _("Interpretations (what we think it means):")),
        ):
            observed = [o for o in self.page.observations if o.nature == nature]
            lines.append(heading + ("" if observed else " –"))
            lines += [self._observation(o) for o in observed]
        safety = self.page.safety
        for episode in safety.missing_episodes if safety else []:
            until = _day(episode.missing_until) if episode.missing_until else _("still missing")
            line = _("Missing from %(start)s until %(end)s.") % {
                "start": _day(episode.missing_from),
                "end": until,
            }
            if episode.reported_to_police_at:
                line += " " + _("Reported to the police on %(when)s.") % {
                    "when": _day(episode.reported_to_police_at)
                }
                if self.identifying and episode.police_reference:
                    line += " " + _("Police reference: %(ref)s.") % {
                        "ref": episode.police_reference
                    }
            if episode.whereabouts:
                line += " " + _("Where and with whom: %(text)s") % {
                    "text": self.free(episode.whereabouts)
                }
            if episode.learned:
                line += " " + _("Return interview: %(text)s") % {"text": self.free(episode.learned)}
            lines.append(line)
        self.add("concern", _("The report"), lines)

    def weighing(self) -> None:
        page = self.page
        weighing = page.weighing
        if weighing is None:
            self.add("weighing", _("The weighing (afwegingskader)"), [_("Not weighed yet.")])
            return
        current = page.weighing_versions[0] if page.weighing_versions else None
        lines = []
        if current is not None:
            lines.append(
                _("Version %(number)s, saved on %(when)s.")
                % {"number": current.number, "when": _day(current.recorded_at)}
            )
        for answer_field, reason_field in QUESTIONS:
            answer = answer_in_words(weighing, answer_field)
            if answer == "–":
                lines.append(
                    _("%(question)s Not answered yet.")
                    % {"question": QUESTION_LABELS[answer_field]}
                )
                continue
            lines.append(
                _("%(question)s Answer: %(answer)s. Why: %(reason)s")
                % {
                    "question": QUESTION_LABELS[answer_field],
                    "answer": answer,
                    "reason": self.free(getattr(weighing, reason_field)),
                }
            )
        lines.append(
            _("The young person told about violence or exploitation (a disclosure): %(answer)s")
            % {"answer": _("Yes") if weighing.disclosure else _("No")}
        )
        lines += [str(REPORTING_NORMS[norm]) for norm in sorted(page.outcome.reporting_norms)]
        lines.append(
            _("The afwegingskader gives: %(outcome)s")
            % {"outcome": OutcomeChoice(page.outcome.decision.value).label}
        )
        lines.append(
            _("Decision: %(decision)s")
            % {"decision": weighing.get_final_decision_display() or _("not decided yet")}
        )
        for label, value in (
            (REPORT_NEEDED_LABEL, weighing.report_needed),
            (HELP_POSSIBLE_LABEL, weighing.help_possible),
        ):
            answer = _("not decided yet") if value is None else (_("Yes") if value else _("No"))
            lines.append(f"{label} {answer}")
        if _text(weighing.deviation_reason):
            lines.append(
                _("Why the decision differs from the afwegingskader: %(text)s")
                % {"text": self.free(weighing.deviation_reason)}
            )
        if current is not None and current.decided_at:
            lines.append(_("Decided on %(when)s.") % {"when": _day(current.decided_at)})
        if weighing.exploiter_in_household is not None:
            lines.append(
                _(
                    "The (suspected) exploiter is an (ex-)partner, family member or housemate: %(answer)s"
                )
                % {"answer": _("Yes") if weighing.exploiter_in_household else _("No")}
            )
        for why, reason in (
            (
                _("Why the weighing was not discussed with Veilig Thuis or the zorgcoördinator:"),
                weighing.no_expert_consultation_reason,
            ),
            (
                _("Why the zorgcoördinator was not contacted:"),
                weighing.no_coordinator_contact_reason,
            ),
        ):
            if _text(reason):
                lines.append(f"{why} {self.free(reason)}")
        for consultation in page.consultations:
            who = consultation.get_consultee_display()
            if self.identifying and consultation.consultee_name:
                who += f" ({consultation.consultee_name})"
            lines.append(
                _("Consulted on %(when)s with %(who)s. Question: %(question)s Advice: %(advice)s")
                % {
                    "when": _day(consultation.consulted_on),
                    "who": who,
                    "question": self.free(consultation.question),
                    "advice": self.free(consultation.advice),
                }
            )
        self.add("weighing", _("The weighing (afwegingskader)"), lines)

    def conversations(self) -> None:
        lines = []
        for conversation in self.page.conversations:
            who = []
            if conversation.with_young_person:
                who.append(_("the young person"))
            if conversation.with_parents:
                who.append(_("the parents or guardian"))
            if _text(conversation.others_present):
                who.append(self.free(conversation.others_present))
            lines.append(
                _(
                    "%(when)s – %(kind)s. With: %(who)s. What was said: %(said)s Reaction: %(reaction)s"
                )
                % {
                    "when": _day(conversation.held_on),
                    "kind": conversation.get_kind_display(),
                    "who": ", ".join(str(part) for part in who) or "–",
                    "said": self.free(conversation.discussed),
                    "reaction": self.free(conversation.reaction),
                }
            )
        for skip in self.page.step3_skips:
            lines.append(
                _("No conversation: %(reason)s. %(text)s")
                % {"reason": skip.get_reason_display(), "text": self.free(skip.explanation)}
            )
        if self.identifying:
            lines += self._open_melden()
        self.add("conversations", _("Conversations with the young person and the parents"), lines)

    def _open_melden(self) -> list[str]:
        data = self.data
        told = data.get("informed_beforehand")
        if told is None:
            return [_("Told beforehand about this report (open melden): not filled in.")]
        if told:
            lines = [
                _("Told beforehand about this report: %(who)s.")
                % {"who": self.free(data.get("informed_who"))}
            ]
            if _text(data.get("informed_reaction")):
                lines.append(
                    _("Their reaction and objections: %(text)s")
                    % {"text": self.free(data.get("informed_reaction"))}
                )
            return lines
        return [
            _("Not told beforehand about this report, because: %(reason)s")
            % {"reason": self.free(data.get("not_informed_reason"))}
        ]

    def consent(self) -> None:
        lines = [_basis_sentence(self.package.basis)]
        for record in self.page.consents:
            line = (
                f"{_day(record.recorded_on)} – {record.get_party_display()} – "
                f"{record.get_purpose_display()}: {record.get_status_display()}"
            )
            if _text(record.not_asked_reason):
                line += f" ({self.free(record.not_asked_reason)})"
            lines.append(line)
        self.add("consent", _("Consent and the basis for sharing"), lines)

    def instruments(self) -> None:
        lines = []
        for item in self.page.assessments:
            if hasattr(item, "result") and item.assessment.is_finished:
                lines += assessment_lines(item, self.language)
                if isinstance(item.result, JudgementResult):
                    self.free(item.result.final_reasons)
        self.add("instruments", _("Signalling lists"), lines)

    def our_help(self) -> None:
        lines = []
        for row in self.page.actions:
            action = row.action
            if action.status == Action.Status.CANCELLED:
                continue
            status = _("Planned") if action.status == Action.Status.OPEN else _("Done")
            line = f"{status}: {action.get_kind_display()}"
            if _text(action.description):
                line += f" – {self.free(action.description)}"
            if action.status == Action.Status.OPEN and action.due_on:
                line += " " + _("(by %(when)s)") % {"when": _day(action.due_on)}
            lines.append(line)
        plan = self.page.safety.safety_plan if self.page.safety else None
        if plan is not None:
            lines.append(
                _("Safety plan (look at it again on %(when)s):") % {"when": _day(plan.review_on)}
            )
            for name in (
                "risks",
                "agreements_phone",
                "agreements_online",
                "agreements_going_out",
                "agreements_return_home",
                "whom_to_call",
            ):
                plan_field = SafetyPlan._meta.get_field(name)
                assert isinstance(plan_field, models.Field)
                label = capfirst(str(plan_field.verbose_name))
                value = getattr(plan, name)
                if _text(value):
                    lines.append(f"{label}: {self.free(value)}")
        if _text(self.data.get("our_help")):
            lines.append(self.free(self.data.get("our_help")))
        self.add("our_help", _("What our organisation does and will keep doing"), lines)

    def network(self) -> None:
        self.add(
            "support_network", _("Support network"), [self.free(self.data.get("support_network"))]
        )

    def other(self) -> None:
        extra = _text(self.data.get("other_information"))
        self.add("other", _("Other information"), [self.free(extra)] if extra else [])


def build_package(access: CaseAccess, *, basis: str, data: dict[str, Any]) -> Package:
    """Raise ValidationError (with what is missing) when the basis does not allow the report.

    ``data`` holds the form's answers; a missing key counts as empty (the API passes ``{}``).
    """
    if basis not in BASES:
        raise ValueError(basis)
    if basis == CONSENT:
        check_sharing(
            access.case,
            purpose=Purpose.VEILIG_THUIS,
            basis=LegalBasis.CONSENT,
            day=timezone.localdate(),
        )
    builder = _Builder(access, case_page(access), basis, data)
    builder.reporter()
    builder.people()
    builder.concern()
    builder.weighing()
    builder.conversations()
    builder.consent()
    builder.instruments()
    builder.our_help()
    builder.network()
    builder.other()
    return builder.package


# The form's input, kept for this session so the page keeps it on return (encrypted: it is case content).

_DRAFT_KEY = "veilig_thuis_package.draft.{case_id}"


def save_draft(session: Any, case_id: int, data: dict[str, Any]) -> None:
    session[_DRAFT_KEY.format(case_id=case_id)] = encrypt_text(json.dumps(data))


def load_draft(session: Any, case_id: int) -> dict[str, Any] | None:
    token = session.get(_DRAFT_KEY.format(case_id=case_id))
    if not token:
        return None
    try:
        value = json.loads(decrypt_text(token))
    except (DecryptionError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def forget_draft(session: Any, case_id: int) -> None:
    session.pop(_DRAFT_KEY.format(case_id=case_id), None)
