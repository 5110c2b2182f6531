"""The exports written as one set: staged, marked complete, then installed, or not at all.

A crash or a failed write leaves the previous exports as they were; the next build finishes or
undoes what an interrupted one left (recover_export_set). README: `councilgraph build`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Graph

from ..errors import ExportError
from .export import (
    DEFAULT_FORMATS,
    PROBE_PREFIX,
    check_writable,
    folder_lock,
    fsync_folder,
    refuse_non_regular,
    render_exports,
    write_synced,
)

__all__ = [
    "export_graph",
    "check_export_set",
    "write_export_set",
    "recover_export_set",
    "STAGING_PREFIX",
    "COMMIT_MARKER",
]

STAGING_PREFIX = ".councilgraph-staging-"  # DIR/.councilgraph-staging-XXXX/: a set being written
COMMIT_MARKER = ".commit"  # in a staging folder: the set is complete, install it


def export_graph(
    graph: Graph, directory: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, stem: str = "councilgraph"
) -> list[Path]:
    """Write `graph` in each format to `directory`/`stem`.<suffix> as one set; return the paths written.

    Every format is rendered before any file is written, and the files are installed together
    (write_export_set), so a failure leaves all old files intact.
    """
    return write_export_set(directory, render_exports(graph, formats, stem))


def check_export_set(directory: Path, names: Iterable[str]) -> None:
    """check_writable for the folder of a set of exports and for each file `names` lists in it."""
    check_writable(directory, is_dir=True)
    for name in names:
        refuse_non_regular(Path(directory) / _plain(name))


def _plain(name: str) -> str:
    """`name` if it is a plain file name an export set may hold, else an ExportError."""
    if not name or name != Path(name).name or name.startswith("."):
        raise ExportError(f"{name!r} is not a plain file name: an export set holds files of one folder")
    return name


# Writing the set ---------------------------------------------------------------------------------------


def write_export_set(directory: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` ({file name: bytes}) into `directory` as one set; return their paths.

    Afterwards either every file holds its new bytes or, if anything failed or the process died,
    every file is as it was before, or the next write of a set into `directory` (which recovers first)
    completes the set. The protocol, with DIR the folder:

    1. Check (check_export_set): DIR can be written and no target is anything but a regular file.
    2. Lock DIR (flock on the folder itself: two writers take turns) and recover what an earlier write
       that was interrupted left behind (recover_export_set).
    3. Stage: each file is written and fsynced into a fresh folder DIR/.councilgraph-staging-XXXX/
       (same filesystem, so the moves below are renames). Any failure up to step 4, a write error such
       as a full disk, removes the staging folder and raises ExportError: no old file was touched.
    4. Commit: the marker `.commit` in the staging folder, JSON {"files": [names, in order]}, is written
       under a temporary name, fsynced and renamed into place, and the staging folder is fsynced. This
       is the point of no return: from here the new set is installed, by this run or by the recovery.
    5. Install: each file is os.replace'd into DIR (each rename atomic), then DIR is fsynced.
    6. Clean up: the marker is removed, then the staging folder, and DIR is fsynced again.

    Recovery, run before every new set is written (and by run_build before it builds): a staging folder
    with a marker is rolled forward (the files it lists that are still staged are moved into place,
    then it is removed, as in steps 5-6); one without a marker is deleted, its set never committed.
    `.NAME.*.tmp` files that write_atomic left for the names of the set are removed too.
    Readers are not locked out: one that reads the folder during step 5 can see a mix of old and new.
    """
    directory = Path(directory)
    names = [_plain(name) for name in files]
    check_export_set(directory, names)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {directory}: {exc.strerror}") from exc
    with folder_lock(directory):
        _recover(directory, names)
        staging = _stage(directory, files)
        _install(directory, staging, names)
    return [directory / name for name in names]


def _stage(directory: Path, files: Mapping[str, bytes]) -> Path:
    """Steps 3 and 4 of write_export_set: the staging folder, holding every file and the marker."""
    unchanged = f"nothing was written: the previous exports in {directory} are unchanged"
    try:
        staging = Path(tempfile.mkdtemp(dir=directory, prefix=STAGING_PREFIX))
    except OSError as exc:
        raise ExportError(f"cannot write {directory}: {exc.strerror}; {unchanged}") from exc
    target = directory
    try:
        for name, content in files.items():
            target = directory / name
            write_synced(staging / name, content)
        target = staging / COMMIT_MARKER
        write_synced(staging / f"{COMMIT_MARKER}.tmp", _marker(list(files)))
        os.replace(staging / f"{COMMIT_MARKER}.tmp", staging / COMMIT_MARKER)
        fsync_folder(staging)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {target}: {exc.strerror}; {unchanged}") from exc
        raise
    return staging


def _marker(names: list[str]) -> bytes:
    return (json.dumps({"files": names}, indent=2) + "\n").encode("utf-8")


def _read_marker(staging: Path) -> list[str] | None:
    """The names a staging folder's complete marker lists, or None if it has no (valid) marker."""
    try:
        names = json.loads((staging / COMMIT_MARKER).read_text(encoding="utf-8"))["files"]
        return [_plain(name) for name in names]
    except (OSError, ValueError, KeyError, TypeError, ExportError):
        return None


def _install(directory: Path, staging: Path, names: list[str]) -> list[Path]:
    """Steps 5 and 6 of write_export_set: move what is still staged into place, then clean up."""
    moved = []
    try:
        for name in names:
            if os.path.lexists(staging / name):  # a rolled-forward set has moved some
                refuse_non_regular(directory / name)
                os.replace(staging / name, directory / name)
                moved.append(directory / name)
        fsync_folder(directory)
        os.unlink(staging / COMMIT_MARKER)
        shutil.rmtree(staging)
        fsync_folder(directory)
    except (OSError, ExportError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ExportError(
            f"the new exports in {staging} were only partly moved into {directory} ({reason}); "
            "the next `councilgraph build` finishes the move once that is fixed"
        ) from exc
    return moved


def recover_export_set(directory: Path, names: Iterable[str] = ()) -> list[Path]:
    """Finish or undo what interrupted writes of export sets left in `directory` (see write_export_set);
    return the files that a roll-forward put in place.

    Staging folders with a commit marker are rolled forward, those without are deleted, and
    `.NAME.*.tmp` files left by write_atomic are removed for each of `names` and of the rolled-forward
    sets' names, as are check_writable's probe files. Nothing to do if `directory` does not exist.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return []
    with folder_lock(directory):
        return _recover(directory, [_plain(name) for name in names])


def _recover(directory: Path, names: list[str]) -> list[Path]:
    installed, stale_names = [], set(names)
    try:
        entries = sorted(os.listdir(directory))
    except OSError as exc:
        raise ExportError(f"cannot read {directory}: {exc.strerror}") from exc
    for entry in entries:
        staging = directory / entry
        if not entry.startswith(STAGING_PREFIX) or not stat.S_ISDIR(os.lstat(staging).st_mode):
            continue
        listed = _read_marker(staging)
        if listed is None:
            try:
                shutil.rmtree(staging)
            except OSError as exc:
                raise ExportError(
                    f"cannot remove {staging}, left by a write that was interrupted: {exc.strerror}"
                ) from exc
        else:
            installed += _install(directory, staging, listed)
            stale_names.update(listed)
    for entry in entries:
        stale = entry.endswith(".tmp") and any(entry.startswith(f".{name}.") for name in stale_names)
        if stale or entry.startswith(PROBE_PREFIX):
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(os.lstat(directory / entry).st_mode):
                    os.unlink(directory / entry)
    return installed
