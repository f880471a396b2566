# Shared set-up for bin/demo and bin/test; source it, don't run it.
#
# Finds a Python >= 3.12 on this machine, makes the virtualenv .venv in the repository if it is
# missing, and (re)installs Knotwork into it only when pyproject.toml changed since the last
# install. After `knotwork_setup EXTRAS`, KNOTWORK_ROOT is the repository and VENV_PYTHON the
# virtualenv's interpreter, and .venv/bin is first on PATH.

KNOTWORK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KNOTWORK_VENV="$KNOTWORK_ROOT/.venv"
# The stamp holds the hash of the pyproject.toml last installed and the extras installed with it.
KNOTWORK_STAMP="$KNOTWORK_VENV/.knotwork-install-stamp"

knotwork_say() {
    printf '\033[1m%s\033[0m\n' "$*" >&2
}

# True when "$1" runs and is Python 3.12 or newer. Running it (rather than reading its name)
# matters: pyenv's shims exist on PATH for every installed version but fail unless selected.
knotwork_python_ok() {
    "$1" -c 'import sys; raise SystemExit(sys.version_info < (3, 12))' >/dev/null 2>&1
}

# Prints the first suitable interpreter: KNOTWORK_PYTHON if set, then python3.13, python3.12 and
# python3 on PATH, then pyenv's versions (newest first), then Debian's /usr/bin/python3.1x.
knotwork_find_python() {
    local candidate pyenv_root
    local -a candidates=()
    if [ -n "${KNOTWORK_PYTHON:-}" ]; then
        candidates+=("$KNOTWORK_PYTHON")
    fi
    for candidate in python3.13 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then
            candidates+=("$(command -v "$candidate")")
        fi
    done
    pyenv_root="$(pyenv root 2>/dev/null || true)"
    pyenv_root="${pyenv_root:-${PYENV_ROOT:-$HOME/.pyenv}}"
    if [ -d "$pyenv_root/versions" ]; then
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(ls -d "$pyenv_root"/versions/*/bin/python3 2>/dev/null | sort -V -r)
    fi
    while IFS= read -r candidate; do
        candidates+=("$candidate")
    done < <(ls -d /usr/bin/python3.1[0-9] /usr/local/bin/python3.1[0-9] 2>/dev/null | sort -V -r)
    for candidate in "${candidates[@]}"; do
        if knotwork_python_ok "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

knotwork_make_venv() {
    local python
    if [ -x "$KNOTWORK_VENV/bin/python" ] && knotwork_python_ok "$KNOTWORK_VENV/bin/python"; then
        return 0
    fi
    if ! python="$(knotwork_find_python)"; then
        knotwork_say "No Python 3.12 or newer found (looked on PATH, in pyenv's versions and /usr/bin)."
        knotwork_say "Install one (e.g. 'pyenv install 3.13' or 'apt-get install python3.13'), or"
        knotwork_say "point KNOTWORK_PYTHON at it, then run this again."
        return 1
    fi
    knotwork_say "Making the virtualenv .venv with $python ($("$python" --version 2>&1))"
    # --clear replaces a .venv left by an older or since-removed Python.
    "$python" -m venv --clear "$KNOTWORK_VENV"
}

# knotwork_install EXTRAS: install Knotwork editable with EXTRAS ("" or "test") unless the stamp
# says this pyproject.toml is already installed with those extras.
knotwork_install() {
    local extras="$1" wanted hash stamp_hash stamp_extras spec
    hash="$(sha256sum "$KNOTWORK_ROOT/pyproject.toml" | cut -d' ' -f1)"
    if [ -f "$KNOTWORK_STAMP" ]; then
        read -r stamp_hash stamp_extras <"$KNOTWORK_STAMP" || true
        # An install with the test extras also satisfies a plain install.
        if [ "$stamp_hash" = "$hash" ] && { [ -z "$extras" ] || [ "${stamp_extras:-}" = "$extras" ]; }; then
            return 0
        fi
    fi
    spec="."
    wanted="$extras"
    if [ -n "$extras" ]; then
        spec=".[$extras]"
    elif [ "${stamp_extras:-}" = "test" ]; then
        # Keep the test tools when pyproject.toml changed under a venv that had them.
        spec=".[test]"
        wanted="test"
    fi
    knotwork_say "Installing Knotwork ($spec) into .venv (pyproject.toml changed or first run)"
    rm -f "$KNOTWORK_STAMP"
    # pip's output goes to a log, shown only when the install fails: a passing run stays readable.
    if ! (cd "$KNOTWORK_ROOT" && "$KNOTWORK_VENV/bin/python" -m pip install -e "$spec") \
        >"$KNOTWORK_VENV/pip-install.log" 2>&1; then
        cat "$KNOTWORK_VENV/pip-install.log" >&2
        knotwork_say "Installing Knotwork failed; pip's output is above (and in .venv/pip-install.log)."
        return 1
    fi
    printf '%s %s\n' "$hash" "$wanted" >"$KNOTWORK_STAMP"
}

knotwork_setup() {
    knotwork_make_venv || return 1
    knotwork_install "${1:-}" || return 1
    VENV_PYTHON="$KNOTWORK_VENV/bin/python"
    PATH="$KNOTWORK_VENV/bin:$PATH"
    export PATH VIRTUAL_ENV="$KNOTWORK_VENV"
}
