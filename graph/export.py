"""Exporters: one registry entry per format; the exports written as one set, atomically.

A new format is one entry in EXPORTERS; `councilgraph export --format NAME` and the build pick it up.
Writing is careful about where it writes: nothing but a regular file is ever replaced, a target is
checked before the work that produces it (check_writable), and a set of files is installed all
together or not at all (write_export_set).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Graph

from .errors import ExportError

__all__ = ["Exporter", "EXPORTERS", "exporter", "serialise", "render_exports", "export_graph", "DEFAULT_FORMATS",
           "check_writable", "check_export_set", "refuse_non_regular", "write_atomic", "write_export_set",
           "recover_export_set", "STAGING_PREFIX", "COMMIT_MARKER"]

STAGING_PREFIX = ".councilgraph-staging-"   # DIR/.councilgraph-staging-XXXX/: a set being written
COMMIT_MARKER = ".commit"                   # in a staging folder: the set is complete, install it
_PROBE_PREFIX = ".councilgraph-probe-"      # check_writable's probe file, removed at once


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    media_type: str
    description: str
    render: Callable[[Graph], bytes]


def _rdflib(fmt: str, **options) -> Callable[[Graph], bytes]:
    def render(graph: Graph) -> bytes:
        return graph.serialize(format=fmt, encoding="utf-8", **options)
    return render


def _ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted: the most diff-friendly form."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with the project's prefixes; node and value arrays sorted (they are sets)."""
    import json
    document = _sorted_sets(json.loads(graph.serialize(format="json-ld", auto_compact=True)))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_sets(value, key: str = ""):
    """Sort every JSON-LD array except @list ones (whose order is meaningful)."""
    import json
    if isinstance(value, dict):
        return {k: _sorted_sets(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_sets(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


EXPORTERS: dict[str, Exporter] = {
    e.name: e for e in [
        Exporter("turtle", "ttl", "text/turtle", "Turtle, grouped by subject and sorted (rdflib longturtle)",
                 _rdflib("longturtle")),
        Exporter("ntriples", "nt", "application/n-triples", "N-Triples, sorted line by line", _ntriples),
        Exporter("jsonld", "jsonld", "application/ld+json", "JSON-LD with the project's prefixes as context",
                 _jsonld),
        Exporter("rdfxml", "rdf", "application/rdf+xml", "RDF/XML", _rdflib("pretty-xml")),
    ]
}
DEFAULT_FORMATS = ("turtle", "ntriples", "jsonld")


def exporter(fmt: str) -> Exporter:
    """The exporter of format `fmt`, or an ExportError listing the known formats."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(EXPORTERS))}")
    return EXPORTERS[fmt]


def serialise(graph: Graph, fmt: str) -> bytes:
    return exporter(fmt).render(graph)


def render_exports(graph: Graph, formats: tuple[str, ...] = DEFAULT_FORMATS,
                   stem: str = "councilgraph") -> dict[str, bytes]:
    """{`stem`.<suffix>: bytes} for each format, every one rendered before anything is written."""
    chosen = [exporter(f) for f in formats]
    return {f"{stem}.{e.suffix}": e.render(graph) for e in chosen}


def export_graph(graph: Graph, directory: Path, formats: tuple[str, ...] = DEFAULT_FORMATS,
                 stem: str = "councilgraph") -> list[Path]:
    """Write `graph` in each format to `directory`/`stem`.<suffix> as one set; return the paths written.

    Every format is rendered before any file is written, and the files are installed together
    (write_export_set), so a failure leaves all old files intact.
    """
    return write_export_set(directory, render_exports(graph, formats, stem))


# Where a write may go ---------------------------------------------------------------------------------------

_KINDS = ((stat.S_ISDIR, "folder"), (stat.S_ISLNK, "symbolic link"), (stat.S_ISCHR, "character device"),
          (stat.S_ISBLK, "block device"), (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "special file")


def refuse_non_regular(path: Path) -> None:
    """ExportError unless `path` is absent or a regular file: a device, FIFO, socket, folder or symbolic
    link (not followed) is never replaced by an export."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return                        # nothing there (a parent that is a file is check_writable's to say)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(mode):
        raise ExportError(f"refusing to replace {path}: it is a {_kind(mode)}, not a regular file; "
                          "write somewhere else, or remove it first if it is meant to go")


def check_writable(path: Path, is_dir: bool = False) -> None:
    """ExportError unless a file (or, with `is_dir`, a folder of files) can be written at `path`.

    Cheap, and meant to be called before the work whose result goes there. A file target must be absent
    or a regular file (refuse_non_regular). The nearest folder that exists (the folder itself or the
    closest ancestor a write would create it under) must be a folder, and a file must really be
    creatable in it: a probe file is created and removed there, since os.access says yes to root on
    /proc or a read-only mount alike.
    """
    path = Path(path)
    if not is_dir:
        refuse_non_regular(path)
    existing = path if is_dir else path.parent
    while True:
        try:
            mode = os.stat(existing).st_mode
            break
        except (FileNotFoundError, NotADirectoryError):
            if os.path.islink(existing):
                raise ExportError(f"cannot write {path}: {existing} is a symbolic link to "
                                  f"{os.readlink(existing)}, which does not exist") from None
            existing = existing.parent
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {existing}: {exc.strerror}") from exc
    if not stat.S_ISDIR(mode):
        kind = "file" if stat.S_ISREG(mode) else _kind(mode)
        raise ExportError(f"cannot write {path}: {existing} is a {kind}, not a folder; give a path in a folder")
    try:
        fd, probe = tempfile.mkstemp(dir=existing, prefix=_PROBE_PREFIX)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: no file can be created in {existing} ({exc.strerror}); "
                          "give a folder you can write to") from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


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


# Writing ------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _folder_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive flock on `directory` itself, so writers of one folder take turns (no file is
    added for it). Where flock does not exist, or the folder cannot be opened to read, the writers are
    trusted not to overlap."""
    try:
        import fcntl
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):                               # not POSIX, or a folder one may not list
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)                                             # closing releases the lock


def _fsync_folder(directory: Path) -> None:
    """Make the renames and removals in `directory` durable, where the system allows it (best effort:
    some filesystems refuse to fsync a folder; the order of the renames is what keeps the set whole)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_synced(path: Path, content: bytes) -> None:
    """Create `path` (which must not exist) holding `content`, mode 0644, flushed to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fchmod(handle.fileno(), 0o644)                        # whatever the umask
        os.fsync(handle.fileno())


def write_atomic(path: Path, content: bytes) -> None:
    """Write `content` to `path` so that readers see the old file or the new one, never a part.

    For one file on its own; a set of files that belong together goes through write_export_set.
    Refuses to replace anything but a regular file (refuse_non_regular).
    """
    path = Path(path)
    refuse_non_regular(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        check_writable(path)                                     # says what is in the way, if it can
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    with _folder_lock(path.parent):
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            check_writable(path)
            raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            refuse_non_regular(path)                             # as it is now, just before the rename
            os.replace(tmp, path)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
            raise


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
    with _folder_lock(directory):
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
            _write_synced(staging / name, content)
        target = staging / COMMIT_MARKER
        _write_synced(staging / f"{COMMIT_MARKER}.tmp", _marker(list(files)))
        os.replace(staging / f"{COMMIT_MARKER}.tmp", staging / COMMIT_MARKER)
        _fsync_folder(staging)
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
            if os.path.lexists(staging / name):                 # a rolled-forward set has moved some
                refuse_non_regular(directory / name)
                os.replace(staging / name, directory / name)
                moved.append(directory / name)
        _fsync_folder(directory)
        os.unlink(staging / COMMIT_MARKER)
        shutil.rmtree(staging)
        _fsync_folder(directory)
    except (OSError, ExportError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ExportError(f"the new exports in {staging} were only partly moved into {directory} ({reason}); "
                          "the next `councilgraph build` finishes the move once that is fixed") from exc
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
    with _folder_lock(directory):
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
                raise ExportError(f"cannot remove {staging}, left by a write that was interrupted: "
                                  f"{exc.strerror}") from exc
        else:
            installed += _install(directory, staging, listed)
            stale_names.update(listed)
    for entry in entries:
        stale = entry.endswith(".tmp") and any(entry.startswith(f".{name}.") for name in stale_names)
        if stale or entry.startswith(_PROBE_PREFIX):
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(os.lstat(directory / entry).st_mode):
                    os.unlink(directory / entry)
    return installed
