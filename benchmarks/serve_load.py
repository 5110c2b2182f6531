"""Load test: `councilgraph serve` under many clients at once on the loopback, bounded, stopping by itself.

    .venv/bin/python benchmarks/serve_load.py [--clients 50] [--seconds 30] [--timeout 2] [--report]

Issue #16: "50 concurrent clients mixing pages and queries for 30 s: no errors other than 429, p95 latency
reported, memory stable; a runaway query is stopped at its timeout and the server keeps answering others."

Copies the checkout's built graph (exports/*.ttl, .nt, .jsonld and the ontology) into a temporary folder,
as benchmarks/serve_bench.py does, so the checkout's own store is left alone, and starts `councilgraph serve`
on it on a free 127.0.0.1 port with a short `--timeout`. Once it answers, it samples real resources from it
(councils, initiatives, organisations and networks through /sparql, the CCIN's page, the class pages the
home page links), then runs N client threads (stdlib only) for the duration. Each client loops over its own
seeded mix, with no pause between requests and a new connection for each (as `curl` makes them): entity
pages and their Turtle and JSON-LD, class pages, the map, the home page, /dataset, named queries on the query
page (/query?name=...), and /sparql SELECTs answered as JSON or CSV (the named queries' text, and one
"everything about this resource" SELECT per sampled resource). A 429 is not retried: the client moves on.

Partway through, one more client sends a runaway query (a four-way cross join that cannot finish within
the timeout; it is retried while the endpoint's slots are full) and records its status and time; the
requests answered while it ran show whether the server kept answering. The server's memory (VmRSS from
/proc, its own and its forked query workers') is sampled every second.

Bounded: the clients stop starting requests at the end of the duration; a watchdog kills the server at a
hard deadline (the duration plus a grace period), which ends any request still hanging; the server is
stopped (SIGTERM, then SIGKILL) in a `finally`.

Prints per kind of request the count, statuses and latency percentiles (of the answered requests), the
memory and the runaway query's outcome, as Markdown tables (`--report`: with the machine and the settings,
as docs/benchmarks.md shows them). Exits 1 when the load test failed:

- a request answered with a status other than 200 or 429 (the runaway's 503 aside), or not answered at all
  (a connection error or a client timeout), or a client still waiting at the hard deadline;
- the runaway query answered with anything but 503, or later than 10x the timeout;
- no request answered 200 while the runaway query ran;
- the server's own resident memory at the end more than 50% above its median over the first 5 s of load
  (RSS_GROWTH). The answer cache is bounded (64 MB of bodies by default) and fills during the run, so some
  growth is expected; a leak per request grows without bound and over a long enough run passes any fixed
  ratio, and 50% is well above the cache's share of a server holding the seed graph's store.

The reusable parts (starting and stopping the server, the mix, the clients, the runaway query, the memory
sampler, the checks) are functions that tests/test_serve_load.py runs on a small project.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "RUNAWAY",
    "RUNAWAY_BOUND",
    "RSS_GROWTH",
    "WEIGHTS",
    "Target",
    "Sample",
    "Runaway",
    "Load",
    "Server",
    "copy_project",
    "start_server",
    "stop_server",
    "fetch",
    "sample_targets",
    "run_load",
    "during_runaway",
    "rss_growth",
    "problems",
    "tables",
    "report",
]

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
RSS_GROWTH = 0.5  # the server's RSS at the end may be at most this much above its first seconds' median
FIRST_SECONDS = 5.0  # the first seconds of load whose RSS is the baseline
RUNAWAY_BOUND = 10  # the runaway query must be answered within this many times the timeout
JSON, CSV, TURTLE, JSONLD, HTML = (
    "application/sparql-results+json",
    "text/csv",
    "text/turtle",
    "application/ld+json",
    "text/html",
)
# how often each kind of request comes up in a client's mix (relative weights)
WEIGHTS = {
    "entity page": 30,
    "entity RDF": 15,
    "class page": 8,
    "map": 4,
    "home": 4,
    "dataset": 4,
    "query page": 10,
    "sparql JSON": 15,
    "sparql CSV": 10,
}
# the entities sampled for pages, RDF and SELECTs, by the classes they are asked by
ENTITY_CLASSES = {
    "council": ("cg:PrincipalCouncil", "cg:CombinedAuthority", "cg:LocalCouncil"),
    "initiative": ("cg:Initiative",),
    "organisation": ("cg:Organisation", "cg:PartnerOrganisation", "cg:Funder"),
    "network": ("cg:Network",),
}
CCIN = "/id/network/ccin"


# --- the server ----------------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def copy_project(folder: Path) -> Path:
    """A project in `folder` holding a copy of the checkout's built graph and ontology (as serve_bench)."""
    root = folder / "project"
    (root / "exports").mkdir(parents=True)
    for pattern in ("*.ttl", "*.nt", "*.jsonld"):
        for path in (ROOT / "exports").glob(pattern):
            shutil.copy2(path, root / "exports" / path.name)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    return root


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(root: Path, options: list[str], patience: float = 300) -> Server:
    """`councilgraph serve --root root` with `options` on a free loopback port, once it answers /dataset.
    RuntimeError (with the end of its log) if it dies or is not up within `patience` seconds (the first start
    on a copy makes its store)."""
    port, log = _free_port(), root.parent / "serve-load.log"
    command = [sys.executable, "-c", "from cli import main; main()", "serve", "--root", str(root), "--port", str(port)]
    with open(log, "wb") as output:
        process = subprocess.Popen([*command, *options], cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + patience
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended with {process.returncode}:\n{_tail(log)}")
        try:
            if fetch(server.base, "/dataset", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"the server did not answer within {patience:g} s:\n{_tail(log)}")
        time.sleep(0.2)


def stop_server(server: Server, patience: float = 30) -> bool:
    """Ask the server to stop (SIGTERM); kill it if it has not exited within `patience` seconds. Whether it
    exited when asked."""
    if server.process.poll() is not None:
        return True
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=patience)
        return True
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=30)
        return False


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- requests --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One request of the mix: its kind (for the tables), path and query, and Accept header."""

    kind: str
    path: str
    accept: str = HTML


@dataclass(frozen=True)
class Sample:
    """One request made: by which client, when it started (seconds since the load began), how long it took
    to the last byte, and its status (0: no answer; `error` says why)."""

    client: int
    kind: str
    started: float
    seconds: float
    status: int
    error: str = ""
    path: str = ""

    @property
    def ended(self) -> float:
        return self.started + self.seconds


def fetch(base: str, path: str, accept: str = HTML, timeout: float = 60) -> tuple[int, bytes]:
    """(status, body) of GET `path` on a new connection; HTTP errors are answers too, socket errors raise."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": accept, "Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _sparql_path(query: str, **extra: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def _select_iris(base: str, classes: tuple[str, ...]) -> list[str]:
    """The IRIs of the entities of `classes`, sorted, asked of the server itself."""
    values = " ".join(classes)
    query = f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }} ORDER BY ?s"
    status, body = fetch(base, _sparql_path(query), JSON)
    if status != 200:
        raise RuntimeError(f"sampling {classes} answered {status}: {body[:200]!r}")
    return [row["s"]["value"] for row in json.loads(body)["results"]["bindings"] if row["s"]["type"] == "uri"]


def _local_path(iri: str) -> str | None:
    """The path on this server of one of the project's IRIs (`/id/council/wigan`), else None."""
    prefix = "https://w3id.org/councilgraph"
    if not iri.startswith(prefix + "/id/") or re.search(r"[\s<>\"{}|\\^`]", iri):
        return None
    return iri[len(prefix) :]


def sample_targets(base: str, seed: int = 16, per_kind: int = 25) -> list[Target]:
    """The requests the clients choose from, read from the running server: `per_kind` entities of each kind
    (chosen with `seed`, from the sorted IRIs), the CCIN's page when the graph has one, the class pages the
    home page links, every named query without parameters (a parameter takes an entity's name, which a
    sample may not resolve), the map in each colouring."""
    from graph.query.library import library

    rng = random.Random(seed)
    targets: list[Target] = []
    entities: list[str] = []
    ccin = "https://w3id.org/councilgraph" + CCIN  # the hub: its page is the heaviest to make
    for kind in sorted(ENTITY_CLASSES):
        iris = [iri for iri in _select_iris(base, ENTITY_CLASSES[kind]) if _local_path(iri)]
        entities += sorted(rng.sample(iris, min(per_kind, len(iris))))
        if ccin in iris and ccin not in entities:
            entities.append(ccin)
    for number, iri in enumerate(entities):
        path = _local_path(iri)
        assert path is not None
        targets.append(Target("entity page", path))
        targets.append(Target("entity RDF", path + ".ttl", TURTLE))
        targets.append(Target("entity RDF", path + ".jsonld", JSONLD))
        # everything about the resource: a distinct text per resource, so the cache does not answer them all
        about = _sparql_path(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o LIMIT 200")
        targets.append(Target("sparql CSV", about, CSV) if number % 2 else Target("sparql JSON", about, JSON))
    status, home = fetch(base, "/")
    if status != 200:
        raise RuntimeError(f"the home page answered {status}")
    classes = sorted(set(re.findall(r'href="(/class/[A-Za-z]+)"', home.decode("utf-8"))))
    targets += [Target("class page", path) for path in classes]
    for colour in ("programme", "network", "tier", "nation", "type"):
        targets.append(Target("map", f"/map?colour={colour}"))
    targets += [Target("home", "/"), Target("dataset", "/dataset"), Target("dataset", "/dataset.ttl", TURTLE)]
    for query in sorted(library().values(), key=lambda q: q.name):
        if any(not p.optional for p in query.params):
            continue
        targets.append(Target("query page", "/query?" + urllib.parse.urlencode({"name": query.name})))
        targets.append(Target("sparql JSON", _sparql_path(query.text), JSON))
        targets.append(Target("sparql CSV", _sparql_path(query.text), CSV))
    return targets


def _client(
    number: int, base: str, targets: list[Target], seed: int, began: float, stop: threading.Event, out: list
) -> None:
    """Request one target after another, chosen with the client's own seed, until `stop` is set."""
    rng = random.Random(seed * 1000 + number)
    kinds = sorted({t.kind for t in targets})
    by_kind = {kind: [t for t in targets if t.kind == kind] for kind in kinds}
    weights = [WEIGHTS.get(kind, 1) for kind in kinds]
    while not stop.is_set():
        target = rng.choice(by_kind[rng.choices(kinds, weights)[0]])
        started = time.monotonic()
        try:
            status, error = fetch(base, target.path, target.accept)[0], ""
        except OSError as exc:  # no answer: refused, reset, timed out
            status, error = 0, f"{type(exc).__name__}: {exc}"
        out.append(Sample(number, target.kind, started - began, time.monotonic() - started, status, error, target.path))


# --- the runaway query ----------------------------------------------------------------------------------


@dataclass
class Runaway:
    """The runaway query's outcome: its status, the time from the request the endpoint took (not a 429) to
    its answer, when that request started (seconds since the load began), and the 429s before it."""

    status: int = 0
    seconds: float = 0.0
    started: float = 0.0
    refused: int = 0
    error: str = ""

    @property
    def ended(self) -> float:
        return self.started + self.seconds


def _runaway(base: str, began: float, give_up: float, out: Runaway) -> None:
    """Send RUNAWAY to /sparql, again while it is refused with 429 (every slot taken), until `give_up`."""
    path = _sparql_path(RUNAWAY)
    while True:
        started = time.monotonic()
        try:
            status = fetch(base, path, JSON, timeout=max(give_up - started, 1))[0]
        except OSError as exc:
            out.status, out.error = 0, f"{type(exc).__name__}: {exc}"
            out.started, out.seconds = started - began, time.monotonic() - started
            return
        if status != 429 or time.monotonic() > give_up:
            out.status, out.started, out.seconds = status, started - began, time.monotonic() - started
            return
        out.refused += 1
        time.sleep(0.05)


# --- memory ---------------------------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    """The resident memory of process `pid` in kB (VmRSS), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    """The children of `pid` (the endpoint's forked query workers), from every thread that forked one."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found += [int(c) for c in children.read().split()]
    except OSError:
        pass
    return found


def _cpu_seconds(pid: int) -> tuple[float, float]:
    """(CPU seconds of process `pid` itself, of its children it has waited for: the query workers)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])  # fields 14 to 17 of proc(5)
    return (utime + stime) / tick, (cutime + cstime) / tick


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (not idle, not waiting for disk) since it started."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(t) for t in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(ticks[:7]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait and steal


def _sample_memory(pid: int, began: float, stop: threading.Event, out: list) -> None:
    """(seconds since the load began, the server's own RSS in kB, its workers' RSS in kB, workers) each second."""
    while True:
        children = _children(pid)
        out.append((time.monotonic() - began, _rss_kb(pid), sum(_rss_kb(c) for c in children), len(children)))
        if stop.wait(1.0):
            return


# --- the load --------------------------------------------------------------------------------------------


@dataclass
class Load:
    clients: int
    seconds: float
    timeout: float
    samples: list[Sample] = field(default_factory=list)
    memory: list[tuple[float, int, int, int]] = field(default_factory=list)
    runaway: Runaway = field(default_factory=Runaway)
    elapsed: float = 0.0  # from the first request to the last answer
    hung: int = 0  # clients still waiting for an answer at the hard deadline
    targets: int = 0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds used during the load, by whom


def run_load(
    server: Server,
    targets: list[Target],
    clients: int,
    seconds: float,
    timeout: float,
    seed: int = 16,
    runaway_at: float = 0.4,
) -> Load:
    """`clients` threads requesting `targets` for `seconds`, one runaway query sent at `runaway_at` of the
    way through, the server's memory sampled each second. Bounded: clients stop starting requests at the
    end, a watchdog kills the server at the hard deadline (the end plus a grace period) so no request waits
    past it, and the clients are waited for until then."""
    load = Load(clients, seconds, timeout, targets=len(targets))
    grace = max(60.0, RUNAWAY_BOUND * timeout + 10)
    stop, memory_stop = threading.Event(), threading.Event()
    began = time.monotonic()
    hard = began + seconds + grace
    watchdog = threading.Timer(seconds + grace, server.process.kill)
    watchdog.daemon = True
    watchdog.start()
    sampler = threading.Thread(target=_sample_memory, args=(server.pid, began, memory_stop, load.memory), daemon=True)
    sampler.start()
    threads = [
        threading.Thread(
            target=_client, args=(n, server.base, targets, seed, began, stop, load.samples), daemon=True, name=f"c{n}"
        )
        for n in range(clients)
    ]
    server_before, mine_before = _cpu_seconds(server.pid), resource.getrusage(resource.RUSAGE_SELF)
    busy_before = _machine_busy()
    for thread in threads:
        thread.start()
    try:
        time.sleep(max(seconds * runaway_at, 0))
        runaway = threading.Thread(
            target=_runaway, args=(server.base, began, hard - 5, load.runaway), daemon=True, name="runaway"
        )
        runaway.start()
        time.sleep(max(began + seconds - time.monotonic(), 0))
        stop.set()
        for thread in [*threads, runaway]:
            thread.join(timeout=max(hard - time.monotonic(), 0))
        load.hung = sum(t.is_alive() for t in [*threads, runaway])
        server_after, mine_after = _cpu_seconds(server.pid), resource.getrusage(resource.RUSAGE_SELF)
        load.cpu = {
            "server": server_after[0] - server_before[0],
            "query workers": server_after[1] - server_before[1],
            "clients": (mine_after.ru_utime + mine_after.ru_stime) - (mine_before.ru_utime + mine_before.ru_stime),
        }
        load.cpu["other work on the machine"] = max(_machine_busy() - busy_before - sum(load.cpu.values()), 0.0)
    finally:
        stop.set()
        memory_stop.set()
        sampler.join(timeout=5)
        watchdog.cancel()
    load.elapsed = max((s.ended for s in load.samples), default=0.0)
    return load


# --- what it means -----------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values`."""
    ordered = sorted(values)
    return ordered[min(max(int(round(share * len(ordered) + 0.5)) - 1, 0), len(ordered) - 1)]


def _rss_baseline(load: Load) -> int:
    first = [own for at, own, _, _ in load.memory if at <= FIRST_SECONDS and own]
    return int(statistics.median(first)) if first else 0


def _rss_end(load: Load) -> int:
    during = [own for at, own, _, _ in load.memory if at <= load.seconds and own]
    return during[-1] if during else 0


def rss_growth(load: Load) -> float:
    """The server's own RSS at the end of the load over its median in the first seconds, less 1."""
    baseline = _rss_baseline(load)
    return _rss_end(load) / baseline - 1 if baseline else 0.0


def during_runaway(load: Load) -> list[Sample]:
    """The requests that started after the runaway query was taken and were answered before it was."""
    r = load.runaway
    return [s for s in load.samples if s.started >= r.started and s.ended <= r.ended]


def problems(load: Load) -> list[str]:
    """What makes this load test fail, one line each (README of this script: the exit status)."""
    found = []
    bad: dict[tuple[str, int, str], list[Sample]] = {}
    for s in load.samples:
        if s.status not in (200, 429):
            bad.setdefault((s.kind, s.status, s.error.split(":")[0]), []).append(s)
    for (kind, status, error), samples in sorted(bad.items()):
        paths = sorted({urllib.parse.unquote(s.path)[:80].replace("\n", " ") for s in samples})
        shown = ", ".join(f"`{p}`" for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        why = f" ({error})" if error else ""
        same = {s.path for s in samples}
        answered = sum(s.status == 200 for s in load.samples if s.path in same)
        found.append(
            f"{len(samples)} {kind} request(s) answered {status or 'nothing'}{why}: {shown} "
            f"(the same requests were answered 200 {answered} time(s))"
        )
    if load.hung:
        found.append(f"{load.hung} client(s) still waiting for an answer at the hard deadline")
    r = load.runaway
    if r.status != 503:
        found.append(f"the runaway query was answered {r.status or 'nothing'} {r.error}, not 503".rstrip())
    elif r.seconds > RUNAWAY_BOUND * load.timeout:
        found.append(f"the runaway query took {r.seconds:.1f} s, over {RUNAWAY_BOUND}x the timeout")
    if r.status and not any(s.status == 200 for s in during_runaway(load)):
        found.append("no request was answered 200 while the runaway query ran")
    if rss_growth(load) > RSS_GROWTH:
        found.append(
            f"the server's RSS grew {rss_growth(load):.0%} from the first {FIRST_SECONDS:g} s to the end "
            f"(limit {RSS_GROWTH:.0%})"
        )
    return found


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}" if seconds >= 0.0995 else f"{seconds * 1000:.1f}"


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


def _row(name: str, samples: list[Sample], elapsed: float) -> str:
    statuses = Counter(s.status for s in samples)
    other = sum(n for status, n in statuses.items() if status not in (200, 429))
    ok = [s.seconds for s in samples if s.status == 200]
    times = " | ".join(_ms(_percentile(ok, p)) for p in (0.5, 0.95, 0.99)) if ok else "- | - | -"
    slowest = _ms(max(ok)) if ok else "-"
    rate = len(samples) / elapsed if elapsed else 0.0
    return (
        f"| {name} | {len(samples):,} | {rate:,.1f} | {statuses.get(200, 0):,} | {statuses.get(429, 0):,} | {other:,} "
        f"| {times} | {slowest} |"
    )


def _windows(load: Load, width: float = FIRST_SECONDS) -> list[str]:
    """The first and the last `width` seconds of the load side by side: the cache fills in between."""
    if load.seconds < 2 * width:
        return []
    lines = [
        "| window | requests per s | 429 share | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, start in ((f"first {width:g} s", 0.0), (f"last {width:g} s", load.seconds - width)):
        inside = [s for s in load.samples if start <= s.started < start + width]
        ok = [s.seconds for s in inside if s.status == 200]
        refused = sum(s.status == 429 for s in inside) / len(inside) if inside else 0.0
        times = f"{_ms(_percentile(ok, 0.5))} | {_ms(_percentile(ok, 0.95))}" if ok else "- | -"
        lines.append(f"| {name} | {len(inside) / width:,.1f} | {refused:.1%} | {times} |")
    return lines + [""]


def _cpu(load: Load) -> list[str]:
    if not load.cpu:
        return []
    available = load.elapsed * len(os.sched_getaffinity(0))
    used = ", ".join(f"{who} {seconds:,.1f} s" for who, seconds in load.cpu.items())
    return [
        f"CPU time used during the load: {used}, of {available:,.0f} CPU-seconds available "
        f"({sum(load.cpu.values()) / available:.0%} used).",
        "",
    ]


def tables(load: Load) -> list[str]:
    """The tables of the load: per kind of request, the memory, the runaway query."""
    lines = [
        "| request | requests | per s | 200 | 429 | other | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in sorted({s.kind for s in load.samples}):
        lines.append(_row(kind, [s for s in load.samples if s.kind == kind], load.elapsed))
    lines.append(_row("**all**", load.samples, load.elapsed))
    half = load.seconds / 2
    refused = [s for s in load.samples if s.status == 429]
    early = sum(s.started < half for s in refused)
    lines += [
        "",
        f"Latencies are of the requests answered 200, from connecting to the last byte; 429s: {early:,} in the "
        f"first half of the run, {len(refused) - early:,} in the second.",
        "",
    ]
    lines += _windows(load) + _cpu(load)
    memory = [m for m in load.memory if m[0] <= load.seconds]
    if memory:
        middle = min(memory, key=lambda m: abs(m[0] - load.seconds / 2))
        lines += [
            "| server RSS, MB | start | first 5 s (median) | middle | end | max | growth | max with query workers |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| own | {_mb(memory[0][1])} | {_mb(_rss_baseline(load))} | {_mb(middle[1])} | {_mb(_rss_end(load))} "
            f"| {_mb(max(m[1] for m in memory))} | {rss_growth(load):+.0%} "
            f"| {_mb(max(m[1] + m[2] for m in memory))} (at most {max(m[3] for m in memory)} workers) |",
            "",
        ]
    r, during = load.runaway, during_runaway(load)
    answered = Counter(s.status for s in during)
    lines += [
        "| runaway query | status | seconds | timeout s | 429s before it was taken | requests answered while it ran |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        f"| started at {r.started:.1f} s | {r.status or r.error} | {r.seconds:.2f} | {load.timeout:g} | {r.refused} "
        f"| {answered.get(200, 0):,} answered 200, {answered.get(429, 0):,} 429, "
        f"{sum(n for s, n in answered.items() if s not in (200, 429)):,} other |",
    ]
    return lines


def report(load: Load, triples: str = "", machine: bool = False) -> str:
    """The tables, with the settings and the machine first when `machine` (as docs/benchmarks.md shows it)."""
    lines = []
    if machine:
        import pyoxigraph
        import starlette
        import uvicorn

        lines += [
            f"`.venv/bin/python benchmarks/serve_load.py --clients {load.clients} --seconds {load.seconds:g} "
            f"--timeout {load.timeout:g}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"{os.cpu_count()} CPUs (`nproc`: {len(os.sched_getaffinity(0))}), Python {platform.python_version()}, "
            f"pyoxigraph {pyoxigraph.__version__}, starlette {starlette.__version__}, uvicorn {uvicorn.__version__}; "
            f"{load.targets} distinct requests in the mix"
            + (f", the seed graph of {triples} triples" if triples else "")
            + ". The clients run in one Python process on the same machine as the server.",
            "",
        ]
    lines += tables(load)
    found = problems(load)
    lines += ["", "Problems: " + ("; ".join(found) if found else "none") + "."]
    return "\n".join(lines) + "\n"


def _first_traceback(log: Path, lines: int = 40) -> str:
    """The first traceback the server logged (its first `lines` lines), or ""."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    start = next((n for n, line in enumerate(text) if line.startswith("Traceback")), None)
    return "" if start is None else "\n".join(text[start : start + lines])


def _triples(base: str) -> str:
    status, body = fetch(base, _sparql_path("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), JSON)
    return f"{int(json.loads(body)['results']['bindings'][0]['n']['value']):,}" if status == 200 else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=2, help="the server's --timeout for a query")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--report", action="store_true", help="say the machine and the settings too (for the docs)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="serve-load-") as folder:
        root = copy_project(Path(folder))
        server = start_server(root, ["--timeout", f"{args.timeout:g}"])
        try:
            targets = sample_targets(server.base, args.seed)
            triples = _triples(server.base) if args.report else ""
            load = run_load(server, targets, args.clients, args.seconds, args.timeout, args.seed)
            exited = stop_server(server)
        finally:
            stop_server(server, patience=5)
        failure = _first_traceback(server.log)
    text = report(load, triples, machine=args.report)
    if failure and any(s.status >= 500 and s.status != 503 for s in load.samples):
        text += "\nThe server's log, at its first traceback:\n\n" + failure + "\n"
    if not exited:
        text += "The server did not exit within 30 s of SIGTERM and was killed.\n"
    print(text, end="")
    return 1 if problems(load) or not exited else 0


if __name__ == "__main__":
    sys.exit(main())
