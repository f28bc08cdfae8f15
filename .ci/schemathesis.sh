#!/usr/bin/env bash
# Fuzz the committed API schema against a live server with demo data, as three roles: anonymous, an
# assessment lead's token, and the token of another organisation's admin. Fails on any 5xx, any
# response that breaks the schema, and any accepted request the schema forbids. Bounded: a few
# examples per operation and a time budget per role (about three minutes of fuzzing, plus a minute or two
# to migrate and load the demo). It starts its own server and stops it, and removes its files, on any exit.
# Usage: .ci/schemathesis.sh [python]   (SCHEMATHESIS_PORT, SCHEMATHESIS_SECONDS to change the bounds)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-python}
PORT=${SCHEMATHESIS_PORT:-8765}
SECONDS_PER_ROLE=${SCHEMATHESIS_SECONDS:-50}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# On a fresh machine: the pinned schemathesis from requirements-dev.txt, if the venv lacks it.
if ! "$PY" -c "import schemathesis" 2>/dev/null; then
  "$PY" -m pip install -q "$(grep -i '^schemathesis==' requirements-dev.txt)"
fi
export DJANGO_SETTINGS_MODULE=s2t_learn.settings.dev DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3" REDIS_URL=
export API_THROTTLE_ANON=100000/minute API_THROTTLE_USER=100000/minute MEDIA_ROOT="$WORK/media"

"$PY" manage.py migrate -v0
# The demo's invitation emails go to the console backend: keep them out of the CI log.
"$PY" manage.py load_demo -v0 >"$WORK/load_demo.log" 2>&1 || { cat "$WORK/load_demo.log" >&2; exit 1; }
# -v 0: Django 5.2's shell otherwise prints its auto-import count first.
read -r LEAD_TOKEN OTHER_TOKEN < <("$PY" manage.py shell -v 0 -c "
from s2t_learn import services
from s2t_learn.models import User
lead = User.objects.get(email='lead@example.org')
other = User.objects.get(email='other@example.org')
if not other.memberships.exists():
    services.create_organisation(other, 'Elsewhere Fuzzing Service')
print(services.create_api_token(lead, 'fuzz', 'read_write')[1], services.create_api_token(other, 'fuzz', 'read_write')[1])
")

if [ -z "${LEAD_TOKEN:-}" ] || [ -z "${OTHER_TOKEN:-}" ]; then
  echo "schemathesis: could not make the API tokens" >&2
  exit 1
fi

# Something else on the port would answer the health check and be fuzzed instead: refuse.
if ! "$PY" -c "import socket, sys; socket.socket().bind(('127.0.0.1', int(sys.argv[1])))" "$PORT" 2>/dev/null; then
  echo "schemathesis: port $PORT is taken by another process; set SCHEMATHESIS_PORT" >&2
  exit 1
fi
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER=$!
# Wait for the server (Python, not curl: nothing beyond the venv is needed), at most 60 s.
if ! "$PY" - "$PORT" <<'PYEOF'
import sys, time, urllib.request
for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        sys.exit(0)
    except Exception:
        time.sleep(0.5)
sys.exit(1)
PYEOF
then
  echo "schemathesis: the server did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
fi
if ! kill -0 "$SERVER" 2>/dev/null; then
  echo "schemathesis: the server stopped; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
fi

CHECKS=not_a_server_error,response_schema_conformance,negative_data_rejection
# Its crash files and examples go to the temporary directory, not into the repository.
printf '[cache]\ndirectory = "%s"\n' "$WORK/cache" >"$WORK/schemathesis.toml"
fuzz() {
  local role=$1; shift
  echo "---- schemathesis as $role"
  "$PY" -m schemathesis.cli --config-file "$WORK/schemathesis.toml" run s2t_learn/api/openapi.yaml \
    --url "http://127.0.0.1:$PORT" --checks "$CHECKS" --max-examples 5 --max-time "$SECONDS_PER_ROLE" \
    --no-color --generation-database "$WORK/examples.db" "$@"
}
status=0
fuzz anonymous || status=1
fuzz lead -H "Authorization: Token $LEAD_TOKEN" || status=1
fuzz other-organisation -H "Authorization: Token $OTHER_TOKEN" || status=1
exit "$status"
