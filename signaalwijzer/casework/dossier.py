"""The PDF dossier of a case: the five steps, every weighing, timeline, lists and decisions, marked confidential.

Printing is an audited export. The PDF is tagged (PDF/UA-1) so screen readers can follow it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.history import case_history
from signaalwijzer.casework.case_page import CasePage, case_page
from signaalwijzer.instruments.caveat import caveat_for
from signaalwijzer.instruments.scoring import ChecklistResult
from signaalwijzer.instruments.selectors import ScoredAssessment
from signaalwijzer.meldcode.afwegingskader import (
    NORM_NO_EFFECTIVE_HELP,
    NORM_UNSAFETY,
    NORM_UNSAFETY_PERSISTS,
    evaluate,
)
from signaalwijzer.meldcode.forms import QUESTION_LABELS
from signaalwijzer.meldcode.models import Action, UnsafetyChoice, WeighingAnswers, WeighingVersion
from signaalwijzer.meldcode.services import QUESTIONS, answers_of


def answer_in_words(version: WeighingAnswers, answer_field: str) -> str:
    """One answer of the afwegingskader in words ("Yes, acute unsafety", "No"), "–" when not answered."""
    value = getattr(version, answer_field)
    if answer_field == "q2_unsafety":
        return str(UnsafetyChoice(value).label) if value else "–"
    if value is None:
        return "–"
    return str(_("Yes") if value else _("No"))


# The three professional reporting norms (meldnormen), in words.
REPORTING_NORMS = {
    NORM_UNSAFETY: gettext_lazy("Reporting norm 1: there is acute and/or structural unsafety."),
    NORM_NO_EFFECTIVE_HELP: gettext_lazy(
        "Reporting norm 2: we cannot offer or organise sufficiently effective help, or it is not "
        "accepted."
    ),
    NORM_UNSAFETY_PERSISTS: gettext_lazy(
        "Reporting norm 3: the unsafety does not stop or comes back."
    ),
}


def _day(value: datetime | None) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y") if value else "–"


def _ticked(definition: Any, result: ChecklistResult, language: str) -> list[str]:
    labels = {item.key: item.label.get(language) for item in definition.all_items()}
    titles = {area.key: area.title.get(language) for area in definition.areas}
    lines = [
        _("Signals ticked in %(area)s: %(signals)s")
        % {"area": titles[area.key], "signals": "; ".join(labels[k] for k in area.present)}
        for area in result.areas
        if area.present
    ]
    if not lines:
        lines.append(_("Signals ticked: none."))
    if result.protective_present:
        lines.append(
            _("Protective factors present: %(factors)s")
            % {"factors": "; ".join(labels[k] for k in result.protective_present)}
        )
    return lines


def assessment_lines(item: ScoredAssessment, language: str) -> list[str]:
    """A finished assessment in words: its result, the caveat, and the signals ticked (or the judgement).

    The result line itself says "own list, not validated" (or what else the instrument is worth), so the
    caveat travels with the result even when only that line is copied.
    """
    definition = item.loaded.definition
    caveat = caveat_for(item.loaded)
    title = _("%(title)s (version %(version)s), finished on %(when)s") % {
        "title": definition.title.get(language),
        "version": item.assessment.instrument_version,
        "when": _day(item.assessment.recorded_at),
    }
    result = item.result
    if isinstance(result, ChecklistResult):
        return [
            f"{title}: {result.profile.label.get(language)} "
            + _("(score %(score)s)") % {"score": f"{result.score:g}"}
            + f" – {caveat.label}",
            caveat.text,
            *_ticked(definition, result, language),
        ]
    levels = {level.key: level.label.get(language) for level in definition.levels}
    lines = [
        f"{title}: {levels.get(result.final_level or '', '–')} – {caveat.label}",
        caveat.text,
    ]
    if result.final_reasons.strip():
        lines.append(_("Why: %(text)s") % {"text": result.final_reasons.strip()})
    return lines


def weighing_history(versions: list[WeighingVersion]) -> list[dict[str, Any]]:
    """Every weighing version, oldest first, each question with its answer in words and the reason."""
    return [
        {
            "version": version,
            "rows": [
                {
                    "number": number,
                    "question": QUESTION_LABELS[answer_field],
                    "answer": answer_in_words(version, answer_field),
                    "reason": getattr(version, reason_field),
                }
                for number, (answer_field, reason_field) in enumerate(QUESTIONS, start=1)
            ],
            "norms": [
                str(REPORTING_NORMS[norm])
                for norm in sorted(evaluate(answers_of(version)).reporting_norms)
            ],
        }
        for version in sorted(versions, key=lambda version: version.number)
    ]


def dossier_context(access: CaseAccess) -> dict[str, Any]:
    page: CasePage = case_page(access)
    history = case_history(access)
    language = translation.get_language() or "nl"
    action_type = Action._meta.label_lower
    return {
        "page": page,
        "case": access.case,
        "printed_by": access.user.get_full_name(),
        "printed_at": timezone.localtime(),
        "weighing_history": weighing_history(page.weighing_versions),
        "history": history,
        # Every action with its own changes, oldest first (from the one history query above).
        "actions": [
            {
                "row": row,
                "changes": [
                    change
                    for change in reversed(history)
                    if change.record_type == action_type and change.record_id == row.action.pk
                ],
            }
            for row in page.actions
        ],
        "instruments": [
            {"item": item, "lines": assessment_lines(item, language)}
            for item in page.assessments
            if isinstance(item, ScoredAssessment) and item.assessment.is_finished
        ],
    }


def dossier_pdf(access: CaseAccess, *, uncompressed: bool = False) -> bytes:
    """``uncompressed`` makes the PDF's text and structure readable for checks."""
    from weasyprint import HTML

    access.record(AccessEvent.Action.EXPORT, "dossier.pdf")
    html = render_to_string("cases/dossier_pdf.html", dossier_context(access))
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed)
