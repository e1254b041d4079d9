"""The PDF dossier of a case: the five steps, every weighing, timeline, lists and decisions, marked confidential.

Printing is an audited export. The PDF is tagged (PDF/UA-1) so screen readers can follow it.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.history import case_history
from signaalwijzer.casework.case_page import CasePage, case_page
from signaalwijzer.meldcode.forms import QUESTION_LABELS
from signaalwijzer.meldcode.models import UnsafetyChoice, WeighingAnswers, WeighingVersion
from signaalwijzer.meldcode.services import QUESTIONS


def answer_in_words(version: WeighingAnswers, answer_field: str) -> str:
    """One answer of the afwegingskader in words ("Yes, acute unsafety", "No"), "–" when not answered."""
    value = getattr(version, answer_field)
    if answer_field == "q2_unsafety":
        return str(UnsafetyChoice(value).label) if value else "–"
    if value is None:
        return "–"
    return str(_("Yes") if value else _("No"))


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
        }
        for version in sorted(versions, key=lambda version: version.number)
    ]


def dossier_context(access: CaseAccess) -> dict[str, Any]:
    page: CasePage = case_page(access)
    return {
        "page": page,
        "case": access.case,
        "printed_by": access.user.get_full_name(),
        "printed_at": timezone.localtime(),
        "weighing_history": weighing_history(page.weighing_versions),
        "history": case_history(access),
    }


def dossier_pdf(access: CaseAccess, *, uncompressed: bool = False) -> bytes:
    """``uncompressed`` makes the PDF's text and structure readable for checks."""
    from weasyprint import HTML

    access.record(AccessEvent.Action.EXPORT, "dossier.pdf")
    html = render_to_string("cases/dossier_pdf.html", dossier_context(access))
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed)
