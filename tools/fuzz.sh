#!/usr/bin/env bash
# Fuzz a running API with schemathesis (GraphQL), as several demo users.
#   tools/fuzz.sh [URL] [EXAMPLES]        default: http://127.0.0.1:8000/graphql, 100 per operation
# Start the service first (./bosetting serve; BOSETTING_RATE_LIMIT_PER_MINUTE=100000 for a long
# run). Schemathesis reports deliberate GraphQL errors (FORBIDDEN, BAD_USER_INPUT) as findings
# too; this script fails only on what is a fault: a 5xx answer or an "Internal server error".
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/bootstrap.sh"
URL="${1:-http://127.0.0.1:8000/graphql}"
EXAMPLES="${2:-100}"
FUZZ="$ROOT/var/fuzz-venv"
if [ ! -x "$FUZZ/bin/st" ]; then
    "$(pick_python)" -m venv "$FUZZ"
    "$FUZZ/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5" >&2
fi
faults=0
for subject in demo-imdi-saksbehandler demo-0301-bosetter-skriv demo-0301-anmoder-les demo-0301-admin demo-analytiker demo-bufetat-saksbehandler; do
    token="$("$VENV/bin/bosetting" token "$subject" --quiet)"
    log="$(mktemp)"
    "$FUZZ/bin/st" run "$URL" -H "Authorization: Bearer $token" -n "$EXAMPLES" \
        --checks not_a_server_error >"$log" 2>&1 || true
    cases="$(grep -Eo '[0-9]+ generated' "$log" | head -1)"
    bad="$(grep -Ec 'Internal server error|HTTP/1.1" 5[0-9][0-9]|Status code: 5[0-9][0-9]' "$log" || true)"
    echo "fuzz: $subject: ${cases:-0 generated}, faults: $bad"
    faults=$((faults + bad))
    rm -f "$log"
done
if [ "$faults" -gt 0 ]; then
    echo "fuzz: $faults faults" >&2
    exit 1
fi
echo "fuzz: no faults"
