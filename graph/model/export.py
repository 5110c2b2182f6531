"""Exporters, one registry entry per format, and writing one file safely.

A new format is one entry in EXPORTERS; `councilgraph build --format NAME` picks it up. Writing is
careful about where it writes: nothing but a regular file is ever replaced, and a target is checked
before the work that produces it (check_writable). A set of files that belong together is installed
all together or not at all by graph.model.export_set.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..choices import DEFAULT_EXPORT_FORMATS, EXPORT_FORMATS, registry
from ..errors import ExportError

__all__ = [
    "Exporter",
    "EXPORTERS",
    "exporter",
    "serialise",
    "render_exports",
    "DEFAULT_FORMATS",
    "check_writable",
    "refuse_non_regular",
    "write_atomic",
    "folder_lock",
    "fsync_folder",
    "write_synced",
    "PROBE_PREFIX",
]

PROBE_PREFIX = ".councilgraph-probe-"  # check_writable's probe file, removed at once


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


def _trig(graph: Graph) -> bytes:
    from .trig import render_trig

    return render_trig(graph)


EXPORTERS: dict[str, Exporter] = registry(
    EXPORT_FORMATS,
    {
        e.name: e
        for e in [
            Exporter(
                "turtle",
                "ttl",
                "text/turtle",
                "Turtle, grouped by subject and sorted (rdflib longturtle)",
                _rdflib("longturtle"),
            ),
            Exporter("ntriples", "nt", "application/n-triples", "N-Triples, sorted line by line", _ntriples),
            Exporter(
                "jsonld", "jsonld", "application/ld+json", "JSON-LD with the project's prefixes as context", _jsonld
            ),
            Exporter(
                "trig",
                "trig",
                "application/trig",
                "TriG, one named graph per source document (graph.model.trig)",
                _trig,
            ),
            Exporter("rdfxml", "rdf", "application/rdf+xml", "RDF/XML", _rdflib("pretty-xml")),
        ]
    },
)
DEFAULT_FORMATS = DEFAULT_EXPORT_FORMATS


def exporter(fmt: str) -> Exporter:
    """The exporter of format `fmt`, or an ExportError listing the known formats."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(EXPORTERS))}")
    return EXPORTERS[fmt]


def serialise(graph: Graph, fmt: str) -> bytes:
    return exporter(fmt).render(graph)


def render_exports(
    graph: Graph, formats: tuple[str, ...] = DEFAULT_FORMATS, stem: str = "councilgraph"
) -> dict[str, bytes]:
    """{`stem`.<suffix>: bytes} for each format, every one rendered before anything is written."""
    chosen = [exporter(f) for f in formats]
    return {f"{stem}.{e.suffix}": e.render(graph) for e in chosen}


# Where a write may go ---------------------------------------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISLNK, "symbolic link"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "special file")


def refuse_non_regular(path: Path) -> None:
    """ExportError unless `path` is absent or a regular file: a device, FIFO, socket, folder or symbolic
    link (not followed) is never replaced by an export."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there (a parent that is a file is check_writable's to say)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(mode):
        raise ExportError(
            f"refusing to replace {path}: it is a {_kind(mode)}, not a regular file; "
            "write somewhere else, or remove it first if it is meant to go"
        )


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
                raise ExportError(
                    f"cannot write {path}: {existing} is a symbolic link to "
                    f"{os.readlink(existing)}, which does not exist"
                ) from None
            existing = existing.parent
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {existing}: {exc.strerror}") from exc
    if not stat.S_ISDIR(mode):
        kind = "file" if stat.S_ISREG(mode) else _kind(mode)
        raise ExportError(f"cannot write {path}: {existing} is a {kind}, not a folder; give a path in a folder")
    try:
        fd, probe = tempfile.mkstemp(dir=existing, prefix=PROBE_PREFIX)
    except OSError as exc:
        raise ExportError(
            f"cannot write {path}: no file can be created in {existing} ({exc.strerror}); "
            "give a folder you can write to"
        ) from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


# Writing ------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def folder_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive flock on `directory` itself, so writers of one folder take turns (no file is
    added for it). Where flock does not exist, or the folder cannot be opened to read, the writers are
    trusted not to overlap."""
    try:
        import fcntl

        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):  # not POSIX, or a folder one may not list
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def fsync_folder(directory: Path) -> None:
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


def write_synced(path: Path, content: bytes) -> None:
    """Create `path` (which must not exist) holding `content`, mode 0644, flushed to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fchmod(handle.fileno(), 0o644)  # whatever the umask
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
        check_writable(path)  # says what is in the way, if it can
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    with folder_lock(path.parent):
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
            refuse_non_regular(path)  # as it is now, just before the rename
            os.replace(tmp, path)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
            raise
