"""The app's own settings, plus a minimal authenticated view to compare against and a switch for the access log.

Only the benchmark uses this module (``DJANGO_SETTINGS_MODULE=bench.settings``); production never does.
"""

import os

from signaalwijzer.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
# BENCH_AUDIT=off measures the same pages without access events, to know what auditing costs.
AUDIT_LOG_ENABLED = os.environ.get("BENCH_AUDIT", "on") != "off"
