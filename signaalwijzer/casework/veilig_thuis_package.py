"""The report package for Veilig Thuis: the case in the sections of the regional web form.

No public API exists, so Signaalwijzer prepares the report (text to copy, or PDF) and records what was sent.
What it contains depends on the basis chosen: a report (melding) on the basis of meldrecht or of consent
contains the young person's identifying data; an advice request (adviesvraag) is anonymous and leaves out
everything that identifies the young person or a source. A report "with consent" is refused when the consent
the age rule requires is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.casework.case_page import CasePage, case_page
from signaalwijzer.consent.services import check_sharing
from signaalwijzer.consent.sharing import LegalBasis, Purpose

MELDRECHT = "meldrecht"
CONSENT = "consent"
ADVICE = "advice"
BASES = (MELDRECHT, CONSENT, ADVICE)


@dataclass
class Package:
    basis: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def identifying(self) -> bool:
        return self.basis != ADVICE

    def as_dict(self) -> dict[str, Any]:
        """The package for the API: the copyable text and its sections, each with its title and lines."""
        return {
            "basis": self.basis,
            "text": self.as_text(),
            "sections": [{"title": title, "lines": list(items)} for title, items in self.sections],
        }

    def as_text(self) -> str:
        lines: list[str] = []
        for title, items in self.sections:
            lines += [title.upper(), *[f"- {item}" for item in items], ""]
        return "\n".join(lines).strip() + "\n"


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


def _basis_sentence(basis: str) -> str:
    if basis == MELDRECHT:
        return _(
            "Shared on the basis of meldrecht (Wmo 2015 article 5.2.6): information for Veilig Thuis without consent."
        )
    if basis == CONSENT:
        return _("Shared with the consent that the age rule requires.")
    return _("Advice request: anonymous, without data that identify the young person.")


def _open_melden(data: dict[str, Any]) -> list[str]:
    if data.get("informed_beforehand"):
        lines = [_("Told beforehand: %(who)s.") % {"who": data.get("informed_who") or "–"}]
        if data.get("informed_reaction"):
            lines.append(
                _("Their reaction and objections: %(text)s") % {"text": data["informed_reaction"]}
            )
        return lines
    return [
        _("Not told beforehand, because: %(reason)s")
        % {"reason": data.get("not_informed_reason") or "–"}
    ]


def build_package(access: CaseAccess, *, basis: str, data: dict[str, Any]) -> Package:
    """Raise ValidationError (with what is missing) when the basis does not allow the report."""
    if basis not in BASES:
        raise ValueError(basis)
    case = access.case
    if basis == CONSENT:
        check_sharing(
            case, purpose=Purpose.VEILIG_THUIS, basis=LegalBasis.CONSENT, day=timezone.localdate()
        )
    page: CasePage = case_page(access)
    package = Package(basis=basis)
    user = access.user
    package.sections.append(
        (
            _("Reporter"),
            [
                f"{user.get_full_name()}, {user.organisation}"
                if basis != ADVICE
                else str(user.organisation),
                _("Role: %(role)s") % {"role": ", ".join(sorted(str(role) for role in user.roles))},
            ],
        )
    )
    if package.identifying:
        person = [
            _("Young person: %(name)s") % {"name": case.pseudonym}
            + (f" ({case.reference})" if case.reference else ""),
            _("Date of birth: %(date)s")
            % {"date": case.date_of_birth.isoformat() if case.date_of_birth else "–"},
            _("Municipality: %(name)s") % {"name": page.municipality or "–"},
        ]
    else:
        person = [_("Young person: %(band)s") % {"band": _age_band(page.age)}]
    person += [
        _("Gender: %(gender)s") % {"gender": case.get_gender_display()},
        _("Mild intellectual disability (LVB): %(lvb)s") % {"lvb": case.get_lvb_display()},
    ]
    if case.parents_involved:
        person.append(
            _(
                "The parents or family may be involved in the exploitation: they were not asked for "
                "consent and not told beforehand. Reason: %(reason)s"
            )
            % {"reason": case.parents_involved_reason or "–"}
        )
    if package.identifying:
        # Coded only (decision 36); an advice request leaves them out, as an address can identify.
        person += [
            _("Linked %(kind)s: %(code)s")
            % {"kind": row.entity.get_kind_display(), "code": row.entity.label}
            for row in page.links
        ]
    package.sections.append((_("People involved"), person))
    report = [_("What worries us: %(text)s") % {"text": case.concern}]
    if case.exploitation_forms:
        report.append(
            _("Suspected: %(forms)s") % {"forms": ", ".join(case.exploitation_form_labels())}
        )
    for observation in page.observations:
        source = observation.get_source_display()
        if package.identifying and observation.source_name:
            source += f" ({observation.source_name})"
        report.append(
            f"{observation.observed_on.isoformat()} – {observation.get_nature_display()} – {source}: "
            f"{observation.description}"
        )
    for item in page.assessments:
        if (
            hasattr(item, "result")
            and item.assessment.is_finished
            and item.loaded.definition.is_checklist
        ):
            report.append(
                _("Signalling list %(title)s (version %(version)s): %(profile)s")
                % {
                    "title": item.loaded.definition.title.nl,
                    "version": item.assessment.instrument_version,
                    "profile": item.result.profile.label.nl,
                }
            )
    if page.weighing is not None and page.weighing.final_decision:
        report.append(
            _("Weighing: %(decision)s") % {"decision": page.weighing.get_final_decision_display()}
        )
    package.sections.append((_("The report"), report))
    network = str(data.get("support_network") or "").strip()
    package.sections.append((_("Support network"), [network or "–"]))
    other = [_basis_sentence(basis)]
    if basis != ADVICE:
        other += _open_melden(data)
    other += [
        f"{c.get_party_display()} – {c.get_purpose_display()}: {c.get_status_display()} ({c.recorded_on.isoformat()})"
        for c in page.consents
    ]
    other += [
        f"{c.consulted_on.isoformat()} – {c.get_consultee_display()}: {c.advice}"
        for c in page.consultations
    ]
    extra = str(data.get("other_information") or "").strip()
    if extra:
        other.append(extra)
    package.sections.append((_("Other information"), other))
    return package
