# syntax=docker/dockerfile:1
# Signaalwijzer: the web process (gunicorn), the task worker and the scheduler all run from this one image
# (compose.yaml). Build: docker build -t signaalwijzer .   See docs/operations.md "Containers" and decision 44.
#
# Pin the base image by digest in your own registry for reproducible builds (python:3.11-slim-trixie@sha256:...).
ARG PYTHON_IMAGE=python:3.11-slim-trixie

# --- Build: the pinned dependencies and the project into a virtual environment; static files collected ------
FROM ${PYTHON_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src
# Every dependency has a binary wheel, so no compiler is needed. requirements.lock pins every package (it also
# pins the dev tools; as constraints, only what the project needs is installed).
COPY pyproject.toml requirements.lock README.md LICENSE ./
COPY signaalwijzer ./signaalwijzer
RUN pip install --constraint requirements.lock . \
    && pip check
COPY manage.py ./
# collectstatic with production storage (hashed, compressed names). The settings refuse production without these
# three; the values below exist only for this one command and are not in the image's environment.
RUN SIGNAALWIJZER_ENV=production \
    SECRET_KEY=collectstatic-at-build-time-only-not-a-secret-0123456789 \
    FIELD_ENCRYPTION_KEYS=collectstatic-at-build-time-only \
    ALLOWED_HOSTS=localhost \
    SQLITE_PATH=/tmp/build.sqlite3 \
    STATIC_ROOT=/opt/static \
    python manage.py collectstatic --no-input -v0

# --- Runtime: Python, the WeasyPrint libraries and a font, the environment, nothing else ---------------------
FROM ${PYTHON_IMAGE} AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# PDF exports (WeasyPrint) need Pango, HarfBuzz's subsetter and a font; tini forwards signals to the process,
# so a stop lets gunicorn and the worker finish what they are doing.
# Debian's security updates arrive through the tags of the base image, so the packages are not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core tini \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 signaalwijzer \
    && useradd --system --uid 10001 --gid signaalwijzer --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin signaalwijzer
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    XDG_CACHE_HOME=/tmp/.cache \
    SIGNAALWIJZER_ENV=production \
    STATIC_ROOT=/app/static \
    SQLITE_PATH=/app/var/signaalwijzer.sqlite3 \
    PORT=8000
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/static /app/static
COPY manage.py gunicorn.conf.py ./
COPY deploy/healthcheck.py deploy/release.sh ./deploy/
# The application writes nothing into its own code; var/ is for an optional SQLite file or checkpoint file.
RUN mkdir -p /app/var && chown signaalwijzer:signaalwijzer /app/var
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py", "/health/live"]
ENTRYPOINT ["tini", "--"]
# gunicorn reads /app/gunicorn.conf.py: bind from PORT, workers from WEB_CONCURRENCY, JSON logs.
CMD ["gunicorn", "signaalwijzer.wsgi"]
