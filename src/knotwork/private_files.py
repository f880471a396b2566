"""The data directory's files at rest: readable by the server's own user only.

The data directory holds the SQLite database (patients, sessions), its write-ahead log and
shared-memory files, uploaded clearance letters and the generated secret key. Everything Knotwork
creates there is private whatever the umask: the folder 0700, the files 0600 (SQLite gives its
-wal and -shm files the database file's mode, so the database is created 0600 before SQLite
first opens it). At every start `loosened()` lists what an operator has since opened up to other
users, and the commands print it as a warning with the command that closes it again.

No Django here: the settings module uses it before Django is set up.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
DATABASE_NAME = "knotwork.sqlite3"
SECRET_KEY_NAME = "secret_key"
MEDIA_NAME = "media"


def make_private_folder(path: Path) -> None:
    """Create `path` (and missing parents) as 0700; an existing folder is left as it is."""
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        return
    os.chmod(path, FOLDER_MODE)  # mkdir's mode is cut by the umask; say it exactly


def create_private_file(path: Path, content: bytes = b"") -> bool:
    """Create `path` as 0600 with `content` unless it exists; whether it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(content)
    return True


def prepare(data_dir: Path, *, sqlite: bool) -> None:
    """Make the data directory, its uploads folder and (for SQLite) an empty database file, all
    private, and keep this process from creating anything readable by others (umask 077)."""
    os.umask(0o077)
    make_private_folder(data_dir)
    make_private_folder(data_dir / MEDIA_NAME)
    if sqlite:
        # An empty file is a valid empty SQLite database; its -wal and -shm files take its mode.
        create_private_file(data_dir / DATABASE_NAME)


def _private_paths(data_dir: Path) -> Iterator[tuple[Path, int]]:
    """Each path that must be private, with the mode bits it may have at most."""
    yield data_dir, FOLDER_MODE
    for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", SECRET_KEY_NAME):
        yield data_dir / name, FILE_MODE
    media = data_dir / MEDIA_NAME
    if media.is_dir():
        for folder, _folders, files in os.walk(media):
            yield Path(folder), FOLDER_MODE
            for name in files:
                yield Path(folder) / name, FILE_MODE


def loosened(data_dir: Path) -> list[str]:
    """What in the data directory other users may read or write, one line each, with its fix."""
    problems = []
    for path, allowed in _private_paths(data_dir):
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except FileNotFoundError:
            continue
        if mode & ~allowed & 0o077:
            problems.append(
                f"{path} is mode {mode:04o}: other users of this machine can "
                f"{'open' if path.is_dir() else 'read'} it. Patient data must be private to the "
                f"server's user: chmod {allowed:o} {path}"
            )
    return problems
