from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from signaalwijzer.directory.municipalities import municipalities
from signaalwijzer.directory.selectors import (
    contacts_for_display,
    live_list,
    national_contacts,
    regional_contacts,
)
from signaalwijzer.public.content import ContentError, Page, load_page


@cache
def _contact_keys() -> frozenset[str]:
    return frozenset(contact.key for contact in national_contacts())


def _page(slug: str) -> Page:
    try:
        return load_page(slug, _contact_keys())
    except ContentError as error:
        raise Http404 from error


def _contacts_by_key() -> dict[str, dict[str, str]]:
    language = translation.get_language() or "nl"
    return {
        contact.key: {
            "phone": contact.phone,
            "tel_uri": contact.tel_uri,
            "label": contact.label_in(language),
            "when": contact.when_in(language),
        }
        for contact in national_contacts()
    }


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"contacts": contacts_for_display()})


# The page with the regional look-up (zorgcoördinator and Veilig Thuis region of a municipality).
REGIONAL_LOOKUP_PAGE = "hulp-en-informatie"


def _regional_lookup(request: HttpRequest) -> dict[str, object]:
    """The municipality chosen in the plain GET form (no JavaScript); an unknown code shows nothing."""
    chosen = request.GET.get("gemeente", "")
    known = dict(municipalities())
    return {
        "municipalities": municipalities(),
        "chosen": chosen if chosen in known else "",
        "unknown": bool(chosen) and chosen not in known,
        "regional": regional_contacts(chosen, None) if chosen in known else None,
        "live_list": live_list(),
    }


@login_not_required
@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    context = {
        "page": _page(slug),
        "language": translation.get_language() or "nl",
        "contacts": _contacts_by_key(),
        "regional_lookup": _regional_lookup(request) if slug == REGIONAL_LOOKUP_PAGE else None,
    }
    return render(request, "public/page.html", context)


@login_not_required
@require_GET
def young_people_topic(request: HttpRequest, topic: str) -> HttpResponse:
    return page(request, f"jongeren-{topic}")


@login_not_required
@require_GET
def quick_check(request: HttpRequest) -> HttpResponse:
    check = _page("ouders-check")
    language = translation.get_language() or "nl"
    data = {
        "urgent": [question.key for question in check.questions if question.urgent],
        "advice": {level: text[language] for level, text in (check.advice or {}).items()},
    }
    context = {
        "page": check,
        "language": language,
        "check_data": data,
        "contacts": _contacts_by_key(),
    }
    return render(request, "public/quick_check.html", context)


@login_not_required
@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """A plain link, no form: public pages then set no cookie at all until someone switches language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )
    return response
