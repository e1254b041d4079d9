"""gunicorn's settings for Signaalwijzer; gunicorn reads this file from its working directory.

`gunicorn signaalwijzer.wsgi` (the container's command) then binds to PORT, runs WEB_CONCURRENCY workers and
writes its own log lines in the application's format (JSON in production). Command-line options and
GUNICORN_CMD_ARGS still override anything here. See docs/operations.md "Containers".
"""

import os

from signaalwijzer import env, log_format

_production = env.get("SIGNAALWIJZER_ENV", "development") == "production"
# The same rule as settings.DEBUG and settings.LOG_FORMAT (without importing Django into the master process).
_debug = not _production and env.get_bool("DEBUG", True)

wsgi_app = "signaalwijzer.wsgi"
bind = [f"0.0.0.0:{env.get_int('PORT', 8000)}"]
# Synchronous workers; 3 suits two cores (each worker keeps its own small case-page cache).
workers = env.get_int("WEB_CONCURRENCY", 3)
# PDF and spreadsheet exports can take a while; a worker silent for longer is restarted.
timeout = env.get_int("GUNICORN_TIMEOUT", 60)
# On stop (SIGTERM) a worker finishes its request for at most this long; keep it below the orchestrator's
# grace period (compose: stop_grace_period).
graceful_timeout = env.get_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Workers are not recycled after N requests (max_requests stays 0): each keeps the rendered case pages in its own
# memory (CASE_PAGE_CACHE_SECONDS), which a restart would throw away.
# No control socket (gunicornc): it would be made in $HOME, which the container's user cannot write.
control_socket_disable = True
# The workers' heartbeat files in memory, not on the container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# X-Forwarded-Proto (and the other scheme headers) are believed from these addresses. The application itself
# takes the client address from X-Forwarded-For and the scheme from X-Forwarded-Proto when PROXY_COUNT and
# BEHIND_TLS_PROXY say there is a proxy: then the container must be reachable only through that proxy, and
# gunicorn may believe whatever connects ("*"); without a proxy nobody but the machine itself.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or (
    "*" if env.get_int("PROXY_COUNT", 0) > 0 else "127.0.0.1,::1"
)

# No access log of gunicorn's own: the application writes one line per request with the request id and
# without the query string (signaalwijzer/request_id.py). gunicorn's own lines go through the same formatter.
accesslog = None
errorlog = "-"
loglevel = (env.get("LOG_LEVEL") or "info").lower()
_format = log_format.choose_format(env.get("LOG_FORMAT"), _debug)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": log_format.FORMATTERS,
    "filters": log_format.FILTERS,
    "handlers": {"console": log_format.console_handler(_format)},
    "root": {"handlers": ["console"], "level": "INFO"},
    # gunicorn's loggers hand their lines to the root handler above (their level stays `loglevel`).
    "loggers": {
        "gunicorn.error": {"handlers": [], "propagate": True},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
