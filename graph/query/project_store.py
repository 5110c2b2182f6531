"""The project's persistent store: the exports in an on-disk Oxigraph store, read by every read command.

`show`, `path`, `similar`, `stats`, `analyse`, `viz` and `query` open this store instead of parsing the
Turtle exports, so answering one question costs what the question reads, not a reload of the graph.

- **Where**: `exports/.store/` beside the exports it holds (ignored by git, never part of the export
  set); for the graph installed with the package, or an exports/ folder that cannot be written, a
  folder per graph under the user's cache ($XDG_CACHE_HOME/councilgraph, else ~/.cache/councilgraph,
  else the temporary folder).
- **Kept in step**: the store's stamp (`councilgraph-store.json`) records each export's size, mtime and
  SHA-256. A read compares sizes and mtimes (cheap); only when they differ does it hash the files, and
  only when the hashes differ does it rebuild. `build` makes the store right after the exports.
- **Made safely**: the store is loaded into a new folder under an exclusive lock and swapped in with a
  rename, so readers see the old store or the new one, never a half-loaded one, and two processes never
  load it at once; a reader waits for a load in progress.
- **Read by many**: readers open it read-only, so any number of processes read at once.
- **Names**: `names.sqlite` in the store maps every normalised name (labels, aliases, codes, IRIs,
  prefixed names) to its entity, so finding "wigan" is one indexed lookup (graph.query.names).
- **Derived beside it**: what is read from the whole graph once is kept in the store's `cache/` folder
  (the network views, graph.query.facts `cached`; the search index, graph.query.search_index), so it
  goes when the store is replaced.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..paths import Paths
from .facts import StoreFacts
from .loading import first_line, graph_files
from .names import NameIndex
from .oxigraph_store import OxigraphStore

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "STORE_FOLDER",
    "store_folder",
    "ensure_store",
    "open_facts",
    "ProjectStore",
    "StoredNames",
    "stamp_of",
    "store_version",
    "graph_name",
    "open_read_only",
]

STORE_FOLDER = ".store"
STAMP = "councilgraph-store.json"
NAMES = "names.sqlite"
DERIVED_GRAPHS = "https://w3id.org/councilgraph/id/graph/"
STORE_FORMAT = 1  # raised when the layout of the store folder changes, so old stores are rebuilt


def store_folder(paths: Paths) -> Path:
    """Where the project's store lives (see the module's docstring)."""
    if not paths.bundled and os.access(paths.built, os.W_OK):
        return paths.built / STORE_FOLDER
    name = "store-" + hashlib.sha256(str(paths.built.resolve()).encode()).hexdigest()[:16]
    for base in (Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"), Path(tempfile.gettempdir())):
        folder = base / "councilgraph" / name
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder.parent, os.W_OK):
            return folder
    raise StoreError(
        f"no folder to keep the project's store in: {paths.built} cannot be written, nor can the user's "
        "cache ($XDG_CACHE_HOME or ~/.cache) or the temporary folder"
    )


def stamp_of(files: list[Path], hashes: bool) -> dict:
    """What the store records of the exports it holds: each file's size and mtime, and with `hashes`
    its SHA-256."""
    found = {}
    for path in files:
        info = path.stat()
        entry: dict = {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
        if hashes:
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            entry["sha256"] = digest.hexdigest()
        found[path.name] = entry
    return {"format": STORE_FORMAT, "files": found}


def _read_stamp(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_version(folder: Path) -> str | None:
    """Which exports the store in `folder` holds, as one string (their SHA-256s), for what is derived from
    the store and kept beside it (the search index); None if it has no stamp."""
    stamp = _read_stamp(folder)
    if not stamp:
        return None
    files = {name: entry.get("sha256") for name, entry in sorted(stamp.get("files", {}).items())}
    return hashlib.sha256(json.dumps([stamp.get("format"), files]).encode()).hexdigest()


def _fresh(folder: Path, files: list[Path]) -> str | None:
    """Whether the store in `folder` holds exactly `files`: "same" (sizes and mtimes as recorded),
    "hashed" (they differ, the contents do not), or None (stale or missing)."""
    stamp = _read_stamp(folder)
    if not stamp or stamp.get("format") != STORE_FORMAT or set(stamp.get("files", {})) != {p.name for p in files}:
        return None
    if not (folder / NAMES).is_file():
        return None
    quick = stamp_of(files, hashes=False)["files"]
    recorded = stamp["files"]
    if all({k: recorded[name].get(k) for k in ("size", "mtime_ns")} == quick[name] for name in quick):
        return "same"
    hashed = stamp_of(files, hashes=True)["files"]
    return "hashed" if all(recorded[name].get("sha256") == hashed[name]["sha256"] for name in hashed) else None


@contextmanager
def _locked(folder: Path):
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock_path = folder.parent / (folder.name + ".lock")
    try:
        handle = open(lock_path, "a+")
    except OSError as exc:
        raise StoreError(f"cannot lock the store {folder}: {first_line(exc)}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_store(paths: Paths, force: bool = False) -> Path:
    """The folder of the project's store, (re)made first if it does not hold the current exports."""
    files = graph_files(paths)
    folder = store_folder(paths)
    if not force and _fresh(folder, files) == "same":
        return folder
    with _locked(folder):
        fresh = None if force else _fresh(folder, files)  # another process may have made it while we waited
        if fresh is None:
            _rebuild(folder, files)
        elif fresh == "hashed":  # the exports were touched, not changed: remember their new mtimes
            _restamp(folder, files)
    return folder


def _restamp(folder: Path, files: list[Path]) -> None:
    stamp = _read_stamp(folder) or {}
    stamp.update(stamp_of(files, hashes=True))
    partial = folder / f".{STAMP}.{os.getpid()}.tmp"
    try:
        partial.write_text(json.dumps(stamp, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(folder / STAMP)
    except OSError:
        pass  # read-only: the hashes are compared again next time


def _rebuild(folder: Path, files: list[Path]) -> None:
    import pyoxigraph as ox

    stamp = stamp_of(files, hashes=True)  # taken before loading: a file changed meanwhile means a reload next time
    partial = folder.parent / f"{folder.name}.new-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        store = ox.Store(str(partial))
        main, *others = files
        store.bulk_load(path=str(main), format=ox.RdfFormat.TURTLE)
        stamp["graph_triples"] = len(store)
        for path in others:  # metrics and the like: derived from the graph, each in a named graph of its own
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph_name(path)))
        store.optimize()
        _write_names(partial / NAMES, store)
        del store  # closed: RocksDB finishes its work and lets go of the folder
        (partial / STAMP).write_text(json.dumps(stamp, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        old = folder.parent / f"{folder.name}.old-{os.getpid()}"
        if folder.exists():
            folder.rename(old)
        partial.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except (OSError, SyntaxError, ValueError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(f"cannot make the project's store in {folder}: {first_line(exc)}") from None


def graph_name(path: Path) -> str:
    """The named graph the store keeps an export other than the main graph in (metrics.ttl: .../graph/metrics)."""
    return f"{DERIVED_GRAPHS}{path.stem}"


def _write_names(path: Path, store: ox.Store) -> None:
    import pyoxigraph as ox

    answer = store.query(NameIndex.QUERY)
    assert isinstance(answer, ox.QuerySolutions), "the names query is a SELECT"
    rows = [(entity.value, label.value, None if name is None else name.value) for entity, label, name in answer]
    index = NameIndex.from_rows(rows)
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE TABLE names (key TEXT NOT NULL, iri TEXT NOT NULL)")
        db.execute("CREATE TABLE labels (iri TEXT PRIMARY KEY, label TEXT NOT NULL)")
        db.executemany("INSERT INTO names VALUES (?, ?)", sorted((k, str(i)) for k, iris in index.keys() for i in iris))
        db.executemany("INSERT INTO labels VALUES (?, ?)", sorted((str(i), label) for i, label in index.labels.items()))
        db.execute("CREATE INDEX names_by_key ON names (key)")
        db.commit()
    finally:
        db.close()


class StoredNames(NameIndex):
    """The name index kept in the store's names.sqlite: a name is one indexed lookup; the whole index is
    read only to suggest names when one is not found."""

    def __init__(self, path: Path):  # noqa: D107 - not NameIndex's constructor: nothing is read yet
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._index = {}
        self.labels = {}

    def hits(self, key: str) -> set:
        from rdflib import URIRef

        rows = self._db.execute(
            "SELECT names.iri, labels.label FROM names JOIN labels ON labels.iri = names.iri WHERE key = ?", (key,)
        ).fetchall()
        for iri, label in rows:
            self.labels[URIRef(iri)] = label
        return {URIRef(iri) for iri, _ in rows}

    def everything(self) -> None:
        from rdflib import URIRef

        if self._index:
            return
        labels = dict(self._db.execute("SELECT iri, label FROM labels"))
        for key, iri in self._db.execute("SELECT key, iri FROM names"):
            self._index.setdefault(key, set()).add(URIRef(iri))
        self.labels.update((URIRef(i), label) for i, label in labels.items())


def open_read_only(paths: Paths) -> tuple[ox.Store, Path]:
    """The project's store, made or brought up to date first, opened read-only, and its folder. A store
    that cannot be opened (damaged, or left by another version of Oxigraph) is made again, once."""
    import pyoxigraph as ox

    folder = ensure_store(paths)
    try:
        return ox.Store.read_only(str(folder)), folder
    except (OSError, RuntimeError):  # RocksDB says RuntimeError for a damaged store
        folder = ensure_store(paths, force=True)
    try:
        return ox.Store.read_only(str(folder)), folder
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"cannot read the project's store in {folder}: {first_line(exc)}") from None


def open_facts(paths: Paths) -> StoreFacts:
    """The project's store as Facts, for the read commands."""
    store, folder = open_read_only(paths)
    stamp = _read_stamp(folder) or {}
    return StoreFacts(store, StoredNames(folder / NAMES), stamp.get("graph_triples"), folder)


class ProjectStore(OxigraphStore):
    """`query`'s default store: the project's store, read-only, the derived graphs (metrics) part of the
    default graph as they are in the exports folder; names from its name table."""

    union = True

    def __init__(self, paths: Paths):  # noqa: D107 - an OxigraphStore on a folder that is kept elsewhere
        self.path = open_read_only(paths)[1]
        self.files = graph_files(paths)
        self.loaded = True
        self.store = None
        self.description = f"the project's store ({paths.relative(self.path)})"
        self._names = StoredNames(self.path / NAMES)

    def refresh(self, force: bool = False) -> int:
        raise StoreError("the project's store is made by `councilgraph build` and by the read commands")
