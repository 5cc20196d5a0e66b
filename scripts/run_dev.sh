#!/usr/bin/env bash
# `make run`: the web app and the reminder worker together; stopping one stops both.
set -euo pipefail
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
# Links in emails start with PUBLIC_URL, and only its host is answered. A wildcard address is no
# place to send anyone: to test from a phone, set PUBLIC_URL=http://<this machine's address>:$PORT.
case "$HOST" in 0.0.0.0|"") public_host=127.0.0.1 ;; *) public_host="$HOST" ;; esac
export PUBLIC_URL="${PUBLIC_URL:-http://$public_host:$PORT}"
# STATIC_AUTOREFRESH: an edited static file is served at once (WhiteNoise looks on every request).
export FLASK_APP=app SESSION_COOKIE_SECURE=0 STATIC_AUTOREFRESH=1
.venv/bin/flask reminders run --interval 2 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/flask run --host "$HOST" --port "$PORT"
