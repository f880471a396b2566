# Shared set-up for bin/demo, bin/test and bin/lock; source it, don't run it.
#
# Finds a Python >= 3.12 on this machine, makes the virtualenv .venv in the repository if it is
# missing, puts the pinned uv into it (bin/uv-requirements.txt, hash-checked, from PyPI) and
# installs Knotwork with exactly the versions in uv.lock, again only when pyproject.toml or
# uv.lock changed since the last install. After `knotwork_setup EXTRAS`, KNOTWORK_ROOT is the
# repository and VENV_PYTHON the virtualenv's interpreter, and .venv/bin is first on PATH.
#
# Why uv.lock (see DEVELOPERS.md): one lock for every platform and every Python >= 3.12 (3.12
# needs typing-extensions, 3.13 does not), with the hash of every file, checked against
# pyproject.toml on every install (`--locked`), and installed in seconds; uv itself comes from
# PyPI like every other package, so a fresh machine needs nothing but a Python.

KNOTWORK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KNOTWORK_VENV="$KNOTWORK_ROOT/.venv"
# The stamp holds the hash of the pyproject.toml and uv.lock last installed and the extras
# installed with them.
KNOTWORK_STAMP="$KNOTWORK_VENV/.knotwork-install-stamp"
KNOTWORK_UV_REQUIREMENTS="$KNOTWORK_ROOT/bin/uv-requirements.txt"

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

# The uv version pinned in bin/uv-requirements.txt.
knotwork_uv_wanted() {
    sed -n 's/^uv==\([^ ]*\).*/\1/p' "$KNOTWORK_UV_REQUIREMENTS"
}

# Puts the pinned uv into .venv with pip (which every venv has), unless it is there already.
# Wheels only: uv's source release would need a Rust toolchain.
knotwork_ensure_uv() {
    local wanted
    wanted="$(knotwork_uv_wanted)"
    if [ -x "$KNOTWORK_VENV/bin/uv" ] &&
        [ "$("$KNOTWORK_VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" = "$wanted" ]; then
        return 0
    fi
    knotwork_say "Installing uv $wanted into .venv"
    if ! "$KNOTWORK_VENV/bin/python" -m pip install --disable-pip-version-check --no-deps \
        --only-binary :all: --require-hashes -r "$KNOTWORK_UV_REQUIREMENTS" \
        >"$KNOTWORK_VENV/uv-install.log" 2>&1; then
        cat "$KNOTWORK_VENV/uv-install.log" >&2
        knotwork_say "Installing uv failed; pip's output is above (and in .venv/uv-install.log)."
        return 1
    fi
}

# knotwork_uv ARGS...: the venv's uv, working on this repository and its .venv only: never on
# another virtualenv that happens to be active, and never downloading a Python of its own.
knotwork_uv() {
    (
        cd "$KNOTWORK_ROOT" &&
            env -u VIRTUAL_ENV UV_PROJECT_ENVIRONMENT="$KNOTWORK_VENV" UV_PYTHON_DOWNLOADS=never \
                UV_NO_PROGRESS=1 "$KNOTWORK_VENV/bin/uv" "$@"
    )
}

# The hash of what an install depends on: pyproject.toml (the project and its ranges) and uv.lock.
knotwork_install_hash() {
    cat "$KNOTWORK_ROOT/pyproject.toml" "$KNOTWORK_ROOT/uv.lock" | sha256sum | cut -d' ' -f1
}

# knotwork_install EXTRAS: install Knotwork (editable) and the locked versions of its
# dependencies with EXTRAS ("" or "test") unless the stamp says this pyproject.toml and uv.lock
# are already installed with those extras.
knotwork_install() {
    local extras="$1" wanted hash reason stamp_hash="" stamp_extras=""
    local -a sync=(sync --locked)
    hash="$(knotwork_install_hash)"
    if [ -f "$KNOTWORK_STAMP" ]; then
        read -r stamp_hash stamp_extras <"$KNOTWORK_STAMP" || true
        # An install with the test extras also satisfies a plain install.
        if [ "$stamp_hash" = "$hash" ] && { [ -z "$extras" ] || [ "${stamp_extras:-}" = "$extras" ]; }; then
            return 0
        fi
    fi
    wanted="$extras"
    if [ -z "$extras" ] && [ "${stamp_extras:-}" = "test" ]; then
        # Keep the test tools when the lock changed under a venv that had them: a sync without
        # the extra would remove them.
        wanted="test"
    fi
    if [ -n "$wanted" ]; then
        sync+=(--extra "$wanted")
    fi
    if [ -z "${stamp_hash:-}" ]; then
        reason="first run"
    elif [ "$stamp_hash" != "$hash" ]; then
        reason="pyproject.toml or uv.lock changed"
    else
        reason="adding the test tools"
    fi
    knotwork_say "Installing Knotwork${wanted:+ [$wanted]} from uv.lock into .venv ($reason)"
    rm -f "$KNOTWORK_STAMP"
    # uv's output goes to a log, shown only when the install fails: a passing run stays readable.
    if ! knotwork_uv "${sync[@]}" >"$KNOTWORK_VENV/install.log" 2>&1; then
        cat "$KNOTWORK_VENV/install.log" >&2
        if grep -q "needs to be updated" "$KNOTWORK_VENV/install.log"; then
            knotwork_say "uv.lock does not match pyproject.toml: run bin/lock and commit uv.lock."
        else
            knotwork_say "Installing Knotwork failed; uv's output is above (and in .venv/install.log)."
        fi
        return 1
    fi
    printf '%s %s\n' "$hash" "$wanted" >"$KNOTWORK_STAMP"
}

knotwork_setup() {
    knotwork_make_venv || return 1
    knotwork_ensure_uv || return 1
    knotwork_install "${1:-}" || return 1
    VENV_PYTHON="$KNOTWORK_VENV/bin/python"
    PATH="$KNOTWORK_VENV/bin:$PATH"
    export PATH VIRTUAL_ENV="$KNOTWORK_VENV"
}

# The tests check every FHIR export with a second, independent validator: the official FHIR R4
# JSON schema run by node (tools/fhir_validator, its packages pinned by package-lock.json).
# knotwork_node_packages runs `npm ci` there when node_modules is missing or the lock changed.
KNOTWORK_VALIDATOR_DIR="$KNOTWORK_ROOT/tools/fhir_validator"

knotwork_node_packages() {
    local stamp="$KNOTWORK_VALIDATOR_DIR/node_modules/.knotwork-lock-hash" hash major
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        knotwork_say "The FHIR validator of the tests needs Node.js 18 or newer and npm."
        knotwork_say "Install them (e.g. 'apt-get install -y nodejs npm'), then run this again."
        return 1
    fi
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    if [ "$major" -lt 18 ]; then
        knotwork_say "The FHIR validator needs Node.js 18 or newer; this is $(node --version)."
        return 1
    fi
    hash="$(sha256sum "$KNOTWORK_VALIDATOR_DIR/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
        return 0
    fi
    knotwork_say "Installing the FHIR validator's node packages (npm ci in tools/fhir_validator)"
    if ! (cd "$KNOTWORK_VALIDATOR_DIR" && npm ci --no-audit --no-fund --loglevel=error) \
        >"$KNOTWORK_ROOT/.venv/npm-install.log" 2>&1; then
        cat "$KNOTWORK_ROOT/.venv/npm-install.log" >&2
        knotwork_say "npm ci failed; its output is above (and in .venv/npm-install.log)."
        return 1
    fi
    printf '%s\n' "$hash" >"$stamp"
}
