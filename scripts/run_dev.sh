#!/usr/bin/env bash
# `make run`: the web app and the reminder worker together; stopping one stops both.
set -euo pipefail
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
export FLASK_APP=app SESSION_COOKIE_SECURE=0
.venv/bin/flask reminders run --interval 2 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/flask run --host "$HOST" --port "$PORT"
