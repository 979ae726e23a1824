# Sourced by ./bosetting, ./test, bench/run and tools/fuzz.sh: makes .venv, installs exactly the
# locked versions (requirements-dev.txt, every file checked against its hash; see tools/lock.sh)
# whenever the lock or pyproject.toml changed, and fetches the pinned GraphiQL assets.
# Needs only python3 >= 3.11 and the package registries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
LOCK="$ROOT/requirements-dev.txt"

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

want="$(cat "$ROOT/pyproject.toml" "$LOCK" | "$VENV/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
have="$(cat "$VENV/.bosetting-installed" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
    echo "bootstrap: installing the locked dependencies (requirements-dev.txt) into .venv" >&2
    # The installer is uv, itself locked: its pin and hashes are taken from the lock file and
    # installed with the venv's own pip.
    uv_pin="$(sed -n 's/^uv==\([^ ;]*\).*/\1/p' "$LOCK")"
    if [ "$("$VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$uv_pin" ]; then
        awk '/^uv==/ { on = 1 } on { print } on && !/\\$/ { exit }' "$LOCK" >"$VENV/uv-lock.txt"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
            --require-hashes -r "$VENV/uv-lock.txt" >&2
    fi
    # Exactly the lock: what it does not name is removed (the project is put back right after).
    "$VENV/bin/uv" pip sync --quiet --python "$VENV/bin/python" --require-hashes "$LOCK" >&2
    "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" --no-deps \
        --no-build-isolation --editable "$ROOT" >&2
    if "$VENV/bin/uv" pip check --quiet --python "$VENV/bin/python" >&2; then
        echo "$want" >"$VENV/.bosetting-installed"
    else
        # Not recorded as done, so that every start says it until the lock is made again.
        echo "bootstrap: the lock files do not satisfy pyproject.toml: run tools/lock.sh" >&2
    fi
fi

"$VENV/bin/python" -m app.vendor ensure >&2
export PATH="$VENV/bin:$PATH"
