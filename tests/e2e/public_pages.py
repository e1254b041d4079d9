"""Every page the public app serves (from its URL patterns, so a new page is tested without being listed)."""

from django.urls import reverse

from signaalwijzer.public import urls
from signaalwijzer.public.content import all_slugs

NOT_A_PAGE = {"switch_language"}  # a redirect that sets the language cookie
NEUTRAL_URL = (
    "https://weer.example/vandaag"  # QUICK_EXIT_URL in the browser tests; served by route()
)
NEUTRAL_PAGE = "<!DOCTYPE html><html lang='nl'><title>Het weer</title><h1>Het weer</h1></html>"


def public_paths() -> list[str]:
    paths = []
    for pattern in urls.urlpatterns:
        name = pattern.name
        if name in NOT_A_PAGE:
            continue
        if name == "young_people_topic":
            paths += [
                reverse(f"public:{name}", kwargs={"topic": slug.removeprefix("jongeren-")})
                for slug in all_slugs()
                if slug.startswith("jongeren-")
            ]
        else:
            paths.append(
                reverse(f"public:{name}")
            )  # a new pattern with arguments fails here: add it
    return paths


def serve_the_neutral_site(context) -> None:
    """The test machine has no internet: the quick exit's neutral site is answered here."""
    context.route(
        "https://weer.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE),
    )


def new_public_context(browser, live_server, *, language: str, javascript: bool):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=javascript
    )
    if language != "nl":
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    serve_the_neutral_site(context)
    return context


def assert_accessible_without_javascript(browser, page) -> None:
    """axe needs JavaScript to run (its timers stop when scripting is off). So the page as a browser without
    JavaScript built it (<noscript> content shown, nothing unhidden by a script) is checked in a second
    context with JavaScript on: the same markup, the scripts removed, <noscript> turned into a <div>."""
    import re

    from tests.e2e.a11y import assert_accessible

    html = page.content()
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<(/?)noscript\b", r"<\1div", html)
    url, viewport = page.url, page.viewport_size
    context = browser.new_context(viewport=viewport)
    context.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    copy = context.new_page()
    copy.goto(url)
    assert copy.locator("script").count() == 0
    assert_accessible(copy)
    context.close()
