"""Every form follows the same conventions (issue 15, item 5).

- no "---------" radio choice, and no empty choice at all in a required radio group;
- a field labelled "(optional)" is not required, a required field is not labelled so, and a field the
  service requires only sometimes says when;
- an error summary at the top of the form, each error a link to its field;
- the date of birth and the municipality are in the main part of the start form.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

import signaalwijzer
from signaalwijzer.cases.forms import BLANK_LABEL

# Keyword arguments some forms need; a form that needs more is checked on its declared fields.
FORM_KWARGS = {"users": [], "owners": [], "options": [], "organisation_id": None}

# Fields the services require only in some situations (read from the services' checks).
CONDITIONALLY_REQUIRED = {
    ("CaseDetailsForm", "parents_involved_reason"),
    ("CaseStartForm", "parents_involved_reason"),
    ("CaseEditForm", "parents_involved_reason"),
    ("ConsentForm", "not_asked_reason"),
    ("WeighingForm", "q1_reason"),
    ("WeighingForm", "q2_reason"),
    ("WeighingForm", "q3_reason"),
    ("WeighingForm", "q4_reason"),
    ("WeighingForm", "q5_reason"),
    ("WeighingForm", "deviation_reason"),
    ("ActionForm", "due_on"),
    ("ActionForm", "channel"),
    ("ActionForm", "informed_beforehand"),
    ("ActionForm", "informed_who"),
    ("ActionForm", "not_informed_reason"),
}
# The forms this convention was introduced for: these must be checked as instances, not skipped.
MUST_INSTANTIATE = {
    "CaseStartForm",
    "CaseEditForm",
    "ObservationForm",
    "DestructionRequestForm",
    "ConsentForm",
    "ShareForm",
    "ConsultationForm",
    "ConversationForm",
    "Step3SkipForm",
    "WeighingForm",
    "ActionForm",
    "ActionUpdateForm",
    "FeedbackForm",
}


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(signaalwijzer.__path__, "signaalwijzer."):
        if module.name.endswith(("forms", "_forms")) and ".tests" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {c for c in subclasses(forms.BaseForm) if c.__module__.startswith("signaalwijzer.")}
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def _fields(cls) -> tuple[dict[str, forms.Field], forms.BaseForm | None]:
    """The fields of a form as an instance has them; the declared ones if it cannot be made here."""
    params = inspect.signature(cls.__init__).parameters
    kwargs = {key: value for key, value in FORM_KWARGS.items() if key in params}
    try:
        form = cls(**kwargs)
    except Exception:  # needs a request, a definition...: check what it declares
        assert cls.__name__ not in MUST_INSTANTIATE, cls
        return dict(getattr(cls, "base_fields", {})), None
    return form.fields, form


def _is_radio(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.RadioSelect) and not isinstance(
        field.widget, forms.CheckboxSelectMultiple
    )


FORM_CLASSES = _form_classes()


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert names >= MUST_INSTANTIATE
    assert len(FORM_CLASSES) > 25


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_no_radio_group_offers_an_empty_dash_choice(cls):
    fields, _form = _fields(cls)
    problems = []
    for name, field in fields.items():
        if not _is_radio(field) or not hasattr(field, "choices"):
            continue
        choices = list(field.choices)
        empties = [label for value, label in choices if value in ("", None)]
        if field.required and empties:
            problems.append(f"{name}: a required radio group with an empty choice {empties}")
        if any(str(label) == BLANK_LABEL for label in empties):
            problems.append(f"{name}: a '{BLANK_LABEL}' choice")
    assert problems == []


def _rendered_label(form: forms.BaseForm, name: str) -> str:
    html = render_to_string("includes/form_field.html", {"field": form[name]})
    match = re.search(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", html, re.S)
    return match.group(1) if match else ""


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_optional_in_the_label_matches_the_validation(cls):
    fields, form = _fields(cls)
    problems = []
    with translation.override("en"):
        for name, field in fields.items():
            when = getattr(field, "required_when", None)
            key = (cls.__name__, name)
            base_names = {base.__name__ for base in cls.__mro__}
            if any((base, name) in CONDITIONALLY_REQUIRED for base in base_names) and not when:
                problems.append(f"{name}: required in some situations, but does not say when")
            if form is None or field.widget.is_hidden:
                continue
            label = _rendered_label(form, name)
            if "(optional)" in label and (field.required or when):
                problems.append(f"{name}: labelled optional but required ({key})")
            if when and str(when) not in label:
                problems.append(f"{name}: the label does not say when it is required")
    assert problems == []


def test_the_weighing_reason_says_when_it_is_required_and_the_service_agrees(
    signed_in_client, case
):
    url = reverse("cases:weighing", args=[case.pk])
    signed_in_client.cookies["django_language"] = "en"
    html = signed_in_client.get(url).content.decode()
    assert "(required when you answer the question)" in html
    response = signed_in_client.post(url, {"version": 0, "q1_suspicion": "yes", "q1_reason": ""})
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Write down why you answer this way." in page
    assert "(optional)" not in re.search(r'for="id_q1_reason">(.*?)</label>', page, re.S).group(1)


def test_the_signal_form_has_no_preselected_radio_and_no_dashes(signed_in_client, case):
    html = signed_in_client.get(
        reverse("cases:observation_create", args=[case.pk])
    ).content.decode()
    assert 'type="radio"' in html
    assert " checked" not in html
    assert BLANK_LABEL not in html
    assert 'value=""' not in re.sub(r"<select.*?</select>", "", html, flags=re.S)


def test_an_invalid_form_starts_with_a_summary_that_links_to_each_field(signed_in_client, case):
    signed_in_client.cookies["django_language"] = "en"
    response = signed_in_client.post(reverse("cases:observation_create", args=[case.pk]), {})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    summary = re.search(r'<div[^>]*id="error-summary"[^>]*>(.*?)</ul>', html, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary.group(0)
    assert html.index('id="error-summary"') < html.index("<fieldset")
    targets = re.findall(r'href="#([^"]+)"', summary.group(1))
    # description, source and nature are required: each has a link to an element on the page.
    assert len(targets) >= 3
    for target in targets:
        assert f'id="{target}"' in html, target


def test_a_valid_page_has_no_error_summary(signed_in_client, case):
    html = signed_in_client.get(
        reverse("cases:observation_create", args=[case.pk])
    ).content.decode()
    assert 'id="error-summary"' not in html


def test_date_of_birth_and_municipality_are_not_hidden_under_more_details(signed_in_client):
    signed_in_client.cookies["django_language"] = "en"
    html = signed_in_client.get(reverse("cases:start")).content.decode()
    details = re.search(r"<details.*?</details>", html, re.S).group(0)
    for name in ("date_of_birth", "municipality_code"):
        assert f'name="{name}"' in html
        assert f'name="{name}"' not in details
    assert "The age decides whose consent you need" in html
    assert "regional contacts" in html


# --- Dutch dates and names ------------------------------------------------------------------------

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)


def test_no_template_writes_a_month_its_own_way():
    """Month letters M and N give "Nov"/"Mrt" in every language: templates use the named formats."""
    from pathlib import Path

    root = Path(signaalwijzer.__file__).parent
    offenders = []
    for path in root.rglob("*.html"):
        for fmt in re.findall(r'\|date:["\']([^"\']*)["\']', path.read_text(encoding="utf-8")):
            if not fmt.endswith("_FORMAT") and re.search(r"(?<!\\)[MN]", fmt):
                offenders.append(f"{path.relative_to(root)}: {fmt}")
    assert offenders == []


def test_the_case_page_in_dutch_has_no_english_month(signed_in_client, case, owner_access):
    import datetime as dt

    from signaalwijzer.consent import services as consent_services

    access = owner_access
    for day in (dt.date(2025, 3, 3), dt.date(2025, 5, 6), dt.date(2025, 10, 7)):
        consent_services.record_consent(
            access,
            party="young_person",
            purpose="care_coordinator",
            status="given",
            recorded_on=day,
            young_person_competent=True,
            not_asked_reason="",
            note="",
        )
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "okt 2025" in html or "oktober 2025" in html
    assert ENGLISH_MONTHS.findall(html) == []


def test_the_dutch_texts_write_veilig_thuis_and_comensha_with_capitals():
    from signaalwijzer.tests.test_i18n import PO_FILE, _po_entries

    # Not in an address (www.comensha.nl, info@...): there lower case is right.
    wrong = re.compile(
        r"(?<![./@-])\b(?!Veilig Thuis\b)veilig thuis\b|(?<![./@-])\b(?!CoMensha\b)comensha\b(?![.@])",
        re.I,
    )
    offenders = [
        msgstr
        for _msgid, msgstrs, _flags in _po_entries(PO_FILE.read_text(encoding="utf-8"))
        for msgstr in msgstrs
        if wrong.search(msgstr.replace("%(", ""))
    ]
    assert offenders == []


def test_a_refusal_names_veilig_thuis_and_comensha_with_capitals():
    from signaalwijzer.consent.services import refusal_message
    from signaalwijzer.consent.sharing import Party, Refusal

    for purpose, name in (("veilig_thuis", "Veilig Thuis"), ("comensha", "CoMensha")):
        for language in ("nl", "en"):
            with translation.override(language):
                message = refusal_message(
                    Refusal.CONSENT_MISSING, purpose, frozenset({Party.YOUNG_PERSON})
                )
            assert name in message, message


def test_an_error_of_the_whole_form_is_in_the_summary_without_an_empty_list():
    class Form(forms.Form):
        name = forms.CharField()

    form = Form(data={"name": "J."})
    assert form.is_valid()
    form.add_error(None, "The whole form is wrong.")
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert 'id="error-summary"' in html
    assert "The whole form is wrong." in html
    assert "<ul" not in html
