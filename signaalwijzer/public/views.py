from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from signaalwijzer.directory.templatetags.directory import national_contacts


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "nl"
    contacts = [
        {"phone": c.phone, "tel_uri": c.tel_uri, "label": c.label_in(language), "when": c.when_in(language)}
        for c in national_contacts()
    ]
    return render(request, "public/home.html", {"contacts": contacts})
