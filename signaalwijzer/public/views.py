from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
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


# The quick check's rule (also in static/js/quick-check.js, which gets it from check_data): any "yes" to an
# urgent question gives "urgent"; ACT_FROM or more "yes" give "act"; fewer give "talk"; none gives "none".
ACT_FROM = 3


def _or_list(numbers: list[int]) -> str:
    words = [str(number) for number in numbers]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {gettext('or')} {words[-1]}"


@login_not_required
@require_GET
def quick_check(request: HttpRequest) -> HttpResponse:
    """The page sends nothing: no form. With JavaScript the page picks the advice; without, it shows every
    advice with the answers it fits (docs/content.md)."""
    check = _page("ouders-check")
    language = translation.get_language() or "nl"
    advice = {level: text[language] for level, text in (check.advice or {}).items()}
    data = {
        "urgent": [question.key for question in check.questions if question.urgent],
        "act_from": ACT_FROM,
        "advice": advice,
    }
    urgent_numbers = [number for number, q in enumerate(check.questions, start=1) if q.urgent]
    every_advice = []
    if check.advice:
        if urgent_numbers:
            every_advice.append(
                (
                    gettext("Did you answer yes to question %(numbers)s?")
                    % {"numbers": _or_list(urgent_numbers)},
                    advice["urgent"],
                )
            )
        every_advice += [
            (
                gettext("Did you answer yes to %(count)s or more questions?") % {"count": ACT_FROM},
                advice["act"],
            ),
            (
                gettext("Did you answer yes to %(numbers)s questions?")
                % {"numbers": _or_list(list(range(1, ACT_FROM)))},
                advice["talk"],
            ),
            (gettext("Did you not answer yes to any question?"), advice["none"]),
        ]
    context = {
        "page": check,
        "language": language,
        "check_data": data,
        "every_advice": every_advice,
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
