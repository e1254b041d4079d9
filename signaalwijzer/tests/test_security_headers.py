from django.urls import reverse


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("public:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_pages_carry_the_other_security_headers(client, db):
    response = client.get(reverse("public:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_page_has_an_inline_script(client, db):
    for url in (reverse("public:home"), reverse("account_login")):
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            # Either an external script or a JSON data block; never executable inline code.
            assert "src=" in tag or 'type="application/json"' in tag, tag


def test_session_and_csrf_cookies_are_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_pages_of_a_logged_in_user_are_never_stored(signed_in_client, case):
    for url in (reverse("cases:dashboard"), case.get_absolute_url()):
        cache_control = signed_in_client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


def test_a_session_ends_after_the_absolute_limit_however_active(signed_in_client, settings):
    import time

    from signaalwijzer.accounts.session_limits import SESSION_STARTED_KEY

    assert signed_in_client.get(reverse("cases:dashboard")).status_code == 200
    session = signed_in_client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600 - 1
    session.save()
    response = signed_in_client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in signed_in_client.session


def test_forms_refuse_a_post_without_the_csrf_token(professional, case):
    from django.test import Client

    from tests.factories import sign_in

    client = Client(enforce_csrf_checks=True)
    sign_in(client, professional)
    response = client.post(reverse("cases:close", args=[case.pk]), {"reason": "Zonder token."})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.is_open
