#!/bin/sh
# The release steps, once per deploy and before the web processes start (compose.yaml's `migrate` service;
# docs/operations.md "Processes"). Every step is idempotent, so running it again does no harm.
set -eu
python manage.py migrate --no-input          # also creates the database cache table (accounts 0003)
python manage.py load_directory
python manage.py instruments check
# The periodic tasks the worker runs (each command says when it was scheduled already).
python manage.py retention schedule
python manage.py audit schedule
python manage.py statistics rebuild --all
python manage.py check --deploy
