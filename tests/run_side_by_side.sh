#!/usr/bin/env bash
# `make test` with no PYTEST_ARGS: the browser journeys and the rest of the suite, side by side.
#
# The journeys run in a pytest of their own (one browser; E2E_WORKERS, one at a time unless set) and spend
# most of their time waiting on Chromium, using well under one core. The rest of the suite runs at the same
# time on every core (TEST_WORKERS) at a lower priority, so it fills the time the journeys leave and never
# slows them: the whole takes about as long as the journeys alone. The journeys' output is printed once
# both have finished; the exit status is the first failure's (the rest's, then the journeys').
#
# Usage: tests/run_side_by_side.sh <pytest command...>, e.g. tests/run_side_by_side.sh .venv/bin/pytest --reuse-db
set -u
log=$(mktemp "${TMPDIR:-/tmp}/s2t-e2e.XXXXXX")
"$@" -n "${E2E_WORKERS:-0}" tests/e2e >"$log" 2>&1 &
journeys=$!
trap 'kill "$journeys" 2>/dev/null; rm -f "$log"' INT TERM
echo "The browser journeys are running alongside (pid $journeys); their output follows the rest's."
nice -n "${REST_NICENESS:-10}" "$@" -n "${TEST_WORKERS:-auto}" --ignore=tests/e2e
rest=$?
wait "$journeys"
journeys_status=$?
printf '\n==== the browser journeys (tests/e2e), run alongside the rest ====\n'
cat "$log"
rm -f "$log"
if [ "$rest" != 0 ]; then exit "$rest"; fi
exit "$journeys_status"
