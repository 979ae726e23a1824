# Sourced by ./bosetting and ./test: makes .venv, installs the project into it when
# pyproject.toml changed, and fetches the pinned GraphiQL assets. Needs only python3 >= 3.11.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

pick_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "bosetting needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    return 1
}

if [ ! -x "$VENV/bin/python" ]; then
    echo "bootstrap: creating $VENV" >&2
    "$(pick_python)" -m venv "$VENV"
fi

want="$(cat "$ROOT/pyproject.toml" | "$VENV/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
have="$(cat "$VENV/.bosetting-installed" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
    echo "bootstrap: installing bosetting and its dependencies into .venv (first run takes a minute)" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[dev]" >&2
    echo "$want" > "$VENV/.bosetting-installed"
fi

"$VENV/bin/python" -m app.vendor ensure >&2
export PATH="$VENV/bin:$PATH"
