#!/bin/sh
# The release steps, once per deploy and before the web processes start (compose.yaml's `migrate` service;
# docs/operations.md "Processes"). Every step is idempotent, so running it again does no harm.
set -eu
python manage.py migrate --no-input          # also creates the database cache table (accounts 0003)
python manage.py load_directory
python manage.py instruments check
python manage.py statistics rebuild --all
python manage.py check --deploy
