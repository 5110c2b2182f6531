"""Issue #12, data safety: the exports are written as one set or not at all, nothing but a regular file is
ever replaced, and a target that cannot be written is refused before the build does its work.

Real files, real FIFOs and real processes: the write errors come from RLIMIT_FSIZE (write() fails with
EFBIG, or the process is killed by SIGXFSZ), never from a mock.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.errors import ExportError
from graph.ingest.dataset import PROJECT_ROOT
from graph.model.export import write_atomic
from graph.model.export_set import export_graph
from tests.conftest import BUILD_FILES

EXPORT_NAMES = BUILD_FILES
STAGING = ".councilgraph-staging-"


def _old_exports(directory: Path) -> dict[str, bytes]:
    """Fill `directory` with the five exports holding sentinel bytes; return them."""
    directory.mkdir(exist_ok=True)
    sentinels = {name: f"old {name}: the previous export\n".encode() for name in EXPORT_NAMES}
    for name, content in sentinels.items():
        (directory / name).write_bytes(content)
    return sentinels


def _assert_exactly(directory: Path, files: dict[str, bytes]) -> None:
    """`directory` holds exactly `files`: no staging folder, no temporary file, each with its bytes."""
    assert sorted(os.listdir(directory)) == sorted(files)
    for name, content in files.items():
        assert (directory / name).read_bytes() == content, name


def _size_limit() -> int:
    """A file size every export but the largest fits in (the committed exports are what a build writes)."""
    return max((PROJECT_ROOT / "exports" / name).stat().st_size for name in EXPORT_NAMES) - 1


def _build_with_size_limit(out: Path, limit: int, killed: bool) -> subprocess.CompletedProcess:
    """`councilgraph build -o OUT` in a process that cannot write a file larger than `limit` bytes.

    With `killed`, SIGXFSZ has its default action, so the process dies in the middle of the write that
    crosses the limit (Python ignores SIGXFSZ at start-up, so the child restores it); otherwise it is
    ignored and that write() fails with EFBIG.
    """

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    code = (
        "import signal, sys\n"
        + ("signal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n" if killed else "")
        + "from cli import main\nsys.argv = ['councilgraph', 'build', '-o', sys.argv[1]]\nmain()\n"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no .pyc write may cross the limit
    return subprocess.run(
        [sys.executable, "-c", code, str(out)],
        preexec_fn=limit_file_size,
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _build(out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "cli.py"), "build", "-o", str(out), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


# 1. The export set is atomic ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_write_error_leaves_every_previous_export_as_it_was(tmp_path):
    out = tmp_path / "out"
    sentinels = _old_exports(out)
    result = _build_with_size_limit(out, _size_limit(), killed=False)
    assert result.returncode == 2, result.stderr
    assert "File too large" in result.stderr and str(out) in result.stderr, result.stderr
    assert "previous exports" in result.stderr and "unchanged" in result.stderr, result.stderr
    assert "wrote" not in result.stdout
    _assert_exactly(out, sentinels)


@pytest.mark.slow
def test_b_a_build_killed_mid_write_leaves_the_previous_exports_and_the_next_build_cleans_up(tmp_path):
    out = tmp_path / "out"
    sentinels = _old_exports(out)
    result = _build_with_size_limit(out, _size_limit(), killed=True)
    assert result.returncode == -signal.SIGXFSZ, result.stderr
    for name, content in sentinels.items():
        assert (out / name).read_bytes() == content, name
    left = sorted(set(os.listdir(out)) - set(EXPORT_NAMES))
    assert len(left) == 1 and left[0].startswith(STAGING), left  # the unfinished set, never committed
    stale = out / ".councilgraph.ttl.abc.tmp"  # as the one-file-at-a-time writer left
    stale.write_bytes(b"half an old export")

    again = _build(out)
    assert again.returncode == 0, again.stderr
    assert sorted(os.listdir(out)) == sorted(EXPORT_NAMES)  # no staging folder, no .tmp
    for name in EXPORT_NAMES:
        assert (out / name).read_bytes() != sentinels[name], name
    assert (out / "councilgraph.nt").read_bytes().startswith(b"<")


def test_c_recovery_rolls_a_committed_set_forward(tmp_path):
    from graph.model.export_set import COMMIT_MARKER, recover_export_set

    out = tmp_path / "out"
    _old_exports(out)
    new = {name: f"new {name}\n".encode() for name in EXPORT_NAMES}
    # what a run killed after its commit marker, having moved two of the five files, leaves behind
    staging = out / f"{STAGING}k1ll3d"
    staging.mkdir()
    for name, content in new.items():
        (staging / name).write_bytes(content)
    (staging / COMMIT_MARKER).write_text(json.dumps({"files": list(EXPORT_NAMES)}), encoding="utf-8")
    for name in EXPORT_NAMES[:2]:
        os.replace(staging / name, out / name)

    recover_export_set(out)
    _assert_exactly(out, new)


def test_recovery_discards_an_uncommitted_set_and_stale_temporary_files(tmp_path):
    from graph.model.export_set import recover_export_set

    out = tmp_path / "out"
    sentinels = _old_exports(out)
    staging = out / f"{STAGING}unfinished"
    staging.mkdir()
    (staging / "councilgraph.ttl").write_bytes(b"new, but the set was never committed")
    (out / ".councilgraph.ttl.abc.tmp").write_bytes(b"half an old export")
    (out / ".other.abc.tmp").write_bytes(b"not ours")  # another file's: left alone

    recover_export_set(out, EXPORT_NAMES)
    _assert_exactly(out, {**sentinels, ".other.abc.tmp": b"not ours"})


def test_d_a_new_set_first_removes_stale_temporary_files(tmp_path):
    from graph.model.export_set import write_export_set

    out = tmp_path / "out"
    _old_exports(out)
    (out / ".councilgraph.ttl.abc.tmp").write_bytes(b"half an old export")
    new = {name: f"new {name}\n".encode() for name in EXPORT_NAMES}
    assert write_export_set(out, new) == [out / name for name in EXPORT_NAMES]
    _assert_exactly(out, new)
    assert stat.S_IMODE(os.stat(out / "network.html").st_mode) == 0o644


def test_a_failed_set_removes_its_staging_folder_and_changes_nothing(tmp_path):
    from graph.model.export_set import write_export_set

    out = tmp_path / "out"
    sentinels = _old_exports(out)
    (out / "metrics.ttl").unlink()
    os.mkfifo(out / "metrics.ttl")  # refused: the set is not written
    with pytest.raises(ExportError, match="metrics.ttl: it is a FIFO"):
        write_export_set(out, {name: b"new" for name in EXPORT_NAMES})
    del sentinels["metrics.ttl"]
    assert sorted(os.listdir(out)) == sorted(EXPORT_NAMES)
    assert stat.S_ISFIFO(os.lstat(out / "metrics.ttl").st_mode)
    for name, content in sentinels.items():
        assert (out / name).read_bytes() == content, name


# 2. Never replace what is not a regular file -------------------------------------------------------------


def _not_a_regular_file(tmp_path: Path, kind: str, name: str = "network.html") -> Path:
    target = tmp_path / name
    if kind == "FIFO":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        (tmp_path / "real.html").write_text("the file the link points at")
        target.symlink_to(tmp_path / "real.html")
    return target


KINDS = {"FIFO": stat.S_ISFIFO, "folder": stat.S_ISDIR, "symbolic link": stat.S_ISLNK}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_write_atomic_refuses_to_replace_what_is_not_a_regular_file(tmp_path, kind):
    target = _not_a_regular_file(tmp_path, kind)
    with pytest.raises(ExportError, match=rf"refusing to replace {re.escape(str(target))}: it is a {kind}"):
        write_atomic(target, b"data")
    assert KINDS[kind](os.lstat(target).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["network.html", *(["real.html"] if kind == "symbolic link" else [])]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_export_set_refuses_to_replace_what_is_not_a_regular_file(tmp_path, kind, kg):
    target = _not_a_regular_file(tmp_path, kind, "councilgraph.nt")
    with pytest.raises(ExportError, match=rf"refusing to replace {re.escape(str(target))}: it is a {kind}"):
        export_graph(kg, tmp_path)
    assert KINDS[kind](os.lstat(target).st_mode)
    assert not (tmp_path / "councilgraph.ttl").exists()


def test_viz_refuses_to_replace_a_fifo(tmp_path):
    from cli import cli

    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["viz", "-o", str(fifo)])
    assert result.exit_code == 2, result.output
    assert f"refusing to replace {fifo}: it is a FIFO" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(
    not (os.path.exists("/dev/full") and stat.S_ISCHR(os.lstat("/dev/full").st_mode)),
    reason="no /dev/full character device here",
)
def test_dev_full_is_never_replaced(kg):
    from graph.model.export import check_writable
    from graph.viz.render import write_network_html

    before = os.lstat("/dev/full")
    message = "refusing to replace /dev/full: it is a character device, not a regular file"
    # the check first: if it ever stopped refusing, the writes below would replace the device (as root)
    with pytest.raises(ExportError, match=message):
        check_writable(Path("/dev/full"))
    with pytest.raises(ExportError, match=message):
        write_network_html(kg, Path("/dev/full"))
    with pytest.raises(ExportError, match=message):
        write_atomic(Path("/dev/full"), b"data")
    after = os.lstat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


# 3. Check writability before the expensive work ----------------------------------------------------------


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="no /proc here")
def test_build_into_proc_fails_at_once_with_a_clear_message():
    result = _build(Path("/proc/x"))
    assert result.returncode == 2, result.stderr
    assert "cannot write /proc/x: no file can be created in /proc" in result.stderr, result.stderr
    assert "wrote" not in result.stdout and "built" not in result.stdout
    assert not os.path.lexists("/proc/x")


def test_build_into_a_file_is_refused_before_the_data_is_loaded(tmp_path, mini_project):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    mini_project.write("broken.yaml", "entities: [\n")  # loading the data first would fail on this
    result = _build(blocker / "exports", "--root", str(mini_project.root))
    assert result.returncode == 2, result.stderr
    assert f"{blocker} is a file, not a folder" in result.stderr, result.stderr
    assert blocker.read_text() == "a file, not a folder"


def test_viz_into_a_file_is_refused_before_the_page_is_computed(tmp_path, kg):
    from graph.viz.render import write_network_html

    blocker = tmp_path / "hostname"
    blocker.write_text("a file, not a folder")
    # an unknown view would fail in the layout: the target is refused before that
    with pytest.raises(ExportError, match=rf"{re.escape(str(blocker))} is a file, not a folder"):
        write_network_html(kg, blocker / "x.html", view="no-such-view")
    assert blocker.read_text() == "a file, not a folder"


def test_viz_into_a_fifo_is_refused_before_the_page_is_computed(tmp_path, kg):
    from graph.viz.render import write_network_html

    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="it is a FIFO"):
        write_network_html(kg, fifo, view="no-such-view")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="no /proc here")
def test_check_writable_probes_for_real(tmp_path):
    from graph.model.export import check_writable

    check_writable(tmp_path / "new" / "folder", is_dir=True)
    check_writable(tmp_path / "page.html")
    assert os.listdir(tmp_path) == []  # the probe leaves nothing behind
    with pytest.raises(ExportError, match="no file can be created in /proc"):
        check_writable(Path("/proc/x"), is_dir=True)  # though os.access says yes to root
