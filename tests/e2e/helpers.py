import re

from tests.factories import PASSWORD, current_code


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("input[name=code]").fill(current_code())
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def submit(page):
    """Submit the page's main form and wait for the next page."""
    with page.expect_navigation():
        page.locator("main form.sw-form button[type=submit]").first.click()
