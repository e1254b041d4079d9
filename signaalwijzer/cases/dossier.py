"""The PDF dossier of a case: the five steps, timeline, lists and decisions, marked confidential.

Printing is an audited export. The PDF is tagged (PDF/UA-1) so screen readers can follow it.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.selectors import CasePage, case_page
from signaalwijzer.meldcode.services import QUESTIONS


def dossier_context(access: CaseAccess) -> dict[str, Any]:
    page: CasePage = case_page(access)
    weighing_rows = []
    if page.weighing is not None:
        for number, (answer_field, reason_field) in enumerate(QUESTIONS, start=1):
            weighing_rows.append(
                {
                    "number": number,
                    "answer": getattr(page.weighing, answer_field),
                    "reason": getattr(page.weighing, reason_field),
                }
            )
    return {
        "page": page,
        "case": access.case,
        "printed_by": access.user.get_full_name(),
        "printed_at": timezone.localtime(),
        "weighing_rows": weighing_rows,
    }


def dossier_pdf(access: CaseAccess, *, uncompressed: bool = False) -> bytes:
    """``uncompressed`` makes the PDF's text and structure readable for checks."""
    from weasyprint import HTML

    access.record(AccessEvent.Action.EXPORT, "dossier.pdf")
    html = render_to_string("cases/dossier_pdf.html", dossier_context(access))
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed)
