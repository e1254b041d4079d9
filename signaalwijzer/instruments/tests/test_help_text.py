"""Help texts are escaped (instrument texts come from uploads); only strings marked safe in Python keep
their markup."""

import yaml
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from signaalwijzer.instruments.models import UploadedDefinition
from signaalwijzer.instruments.tests.samples import checklist, judgement, text

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


def _field(**options):
    class Form(forms.Form):
        answer = forms.CharField(**options)
        choice = forms.ChoiceField(
            choices=[("a", "A")], widget=forms.RadioSelect, help_text=options["help_text"]
        )

    return Form()


def test_the_help_text_of_every_kind_of_field_is_escaped():
    form = _field(help_text=f"{SCRIPT} {IMAGE}")
    for name in ("answer", "choice"):
        html = render_to_string("includes/form_field.html", {"field": form[name]})
        assert SCRIPT not in html and IMAGE not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;" in html


def test_a_help_text_marked_safe_in_python_keeps_its_markup():
    form = _field(help_text=mark_safe('<a href="/help/">Hulp</a>'))
    html = render_to_string("includes/form_field.html", {"field": form["answer"]})
    assert '<a href="/help/">Hulp</a>' in html


def test_the_login_page_keeps_its_forgotten_password_link(client, db):  # it lists the SSO providers
    # allauth marks this help text safe itself: it is still a link, not escaped markup.
    html = client.get(reverse("account_login")).content.decode()
    assert f'<a href="{reverse("account_reset_password")}">' in html


def _upload(organisation, document):
    upload = UploadedDefinition(
        organisation=organisation, content=yaml.safe_dump(document, allow_unicode=True)
    )
    upload.full_clean()
    upload.save()
    return upload


def _fill_page(client, case, upload):
    client.post(
        reverse("cases:instrument_start", args=[case.pk]),
        {"instrument": f"{upload.key}@{upload.sha256}"},
    )
    assessment = case.assessments.get(instrument_key=upload.key)
    return client.get(reverse("cases:assessment_fill", args=[case.pk, assessment.pk]))


def test_uploaded_question_help_renders_escaped_on_the_assessment_page(
    signed_in_client, case, organisation
):
    document = judgement(key="eigen-oordeel")
    document["factors"][0]["help"] = text(SCRIPT + IMAGE)
    document["factors"][0]["anchors"] = {"green": text(IMAGE)}
    response = _fill_page(signed_in_client, case, _upload(organisation, document))
    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html and IMAGE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_uploaded_area_help_and_labels_render_escaped_on_the_assessment_page(
    signed_in_client, case, organisation
):
    document = checklist(key="eigen-lijst")
    document["areas"][0]["help"] = text(IMAGE)
    document["areas"][0]["title"] = text(SCRIPT)
    document["areas"][0]["signals"][0]["label"] = text(IMAGE)
    response = _fill_page(signed_in_client, case, _upload(organisation, document))
    html = response.content.decode()
    assert SCRIPT not in html and IMAGE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_note_or_reasons_of_unbounded_length_are_refused(signed_in_client, case, organisation):
    upload = _upload(organisation, judgement(key="eigen-oordeel"))
    _fill_page(signed_in_client, case, upload)
    assessment = case.assessments.get()
    url = reverse("cases:assessment_fill", args=[case.pk, assessment.pk])
    data = {"version": assessment.version, "move": "draft", "rating__consent": "green"}
    too_long = signed_in_client.post(url, {**data, "note__consent": "x" * 2001})
    assert too_long.status_code == 400
    too_long = signed_in_client.post(url, {**data, "final_reasons": "x" * 5001})
    assert too_long.status_code == 400
    assessment.refresh_from_db()
    assert assessment.answers == {}
    fits = signed_in_client.post(
        url, {**data, "note__consent": "x" * 2000, "final_reasons": "x" * 5000}
    )
    assert fits.status_code == 302
