"""Static files as production serves them: minified, named by their content, compressed.

`knotwork serve` and `knotwork web` call `collect()` before the server starts (a fresh clone
needs no step of its own): every app's files go into the data directory's `static/` folder,
our JavaScript and CSS minified on the way (rjsmin, rcssmin), each file also stored under a name
with its content's hash (browsers and proxies may keep those forever, WhiteNoise says so) and
with a gzip copy beside it (WhiteNoise's storage). A warm start compares a stamp of every source
file's name, size and time with the last collection's and skips the work.

With KNOTWORK_DEBUG the files are served straight from the apps (no collection, no hashes), so
an edited file shows at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from django.core.files.base import ContentFile, File
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

STAMP = "knotwork-sources.sha256"
# Both minifiers take and give text (the libraries are untyped).
_JS: Callable[[str], str] = rjsmin.jsmin
_CSS: Callable[[str], str] = rcssmin.cssmin


def _minifier(name: str) -> Callable[[str], str] | None:
    """The minifier for a file's name, none for a file that already is minified (its name has
    `.min.` in it, before the hash or not: htmx.min.js, htmx.min.1a2b3c4d5e6f.js)."""
    if ".min." in Path(name).name:
        return None
    if name.endswith(".js"):
        return _JS
    if name.endswith(".css"):
        return _CSS
    return None


class MinifiedManifestStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed storage, minifying JavaScript and CSS as they are
    collected (before they are hashed, so the hash is the served content's)."""

    # A name missing from the manifest (a file added since the last collection) falls back to
    # its plain name instead of failing the whole page.
    manifest_strict = False

    def create_compressor(self, **kwargs: Any) -> Compressor:
        # Gzip only: Brotli at WhiteNoise's highest quality took most of a cold start's
        # collection (seconds on two cores) for a few per cent less on files sent once.
        compressor: Compressor = super().create_compressor(**kwargs, use_brotli=False)
        return compressor

    def _save(self, name: str, content: File[Any]) -> str:
        # Every write goes through here: the plain copy and each hashed one (which the
        # manifest makes from the app's own, unminified file).
        minify = _minifier(name)
        if minify is not None:
            # The manifest hands over a file it has already read through for its hash.
            content.seek(0)
            text = content.read().decode("utf-8")
            content = ContentFile(minify(text).encode("utf-8"))
        saved: str = super()._save(name, content)
        return saved


def sources_stamp() -> str:
    """A hash over every file the finders collect (path, size, time) and the storage used."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(str(settings.STORAGES["staticfiles"]).encode())
    rows = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            found = Path(storage.path(path)).stat()
            rows.append(f"{path}\t{found.st_size}\t{found.st_mtime_ns}")
    for row in sorted(rows):
        digest.update(row.encode() + b"\n")
    return digest.hexdigest()


def collect() -> bool:
    """Collect the static files unless the last collection was of these very sources; return
    whether it ran. Nothing to do with KNOTWORK_DEBUG (the apps' files are served directly)."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG or not settings.STATIC_ROOT:
        return False
    root = Path(settings.STATIC_ROOT)
    stamp = sources_stamp()
    if (root / STAMP).is_file() and (root / STAMP).read_text() == stamp:
        return False
    # Several `knotwork web` processes of one data directory may start at once: without the lock
    # one cleared the folder while another compressed its files (FileNotFoundError at start).
    # The lock file sits beside the folder, which collectstatic clears, and is private (0600).
    root.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(root.parent / "static.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (root / STAMP).is_file() and (root / STAMP).read_text() == stamp:
            return False  # another process collected these very sources meanwhile
        call_command("collectstatic", interactive=False, clear=True, verbosity=0)
        (root / STAMP).write_text(stamp)
        return True
    finally:
        os.close(lock)  # and with it the lock
