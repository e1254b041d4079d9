"""The released version and its date: one place for publiccode.yml, CHANGELOG.md and security.txt's expiry.

Bump both on every release (tests/test_deployment.py checks that pyproject.toml, publiccode.yml and CHANGELOG.md
say the same, and fails once the default security.txt expiry, a year after RELEASE_DATE, has passed).
"""

from __future__ import annotations

from datetime import date

VERSION = "0.1.0"
RELEASE_DATE = date(2026, 12, 1)


def one_year_after(day: date) -> date:
    """The same day a year later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
