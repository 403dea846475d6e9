"""Ctrl-C during a ProcessPool call: KeyboardInterrupt in the caller promptly, the pool usable
afterwards, no worker left behind after shutdown (run in a subprocess: SIGINT hits a process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")

SCRIPT = textwrap.dedent(
    """
    import multiprocessing, os, signal, sys, threading, time
    import pariter as pi

    def slow(x):
        time.sleep(ITEM_SECONDS)
        return x

    def workers():
        return sum(p.name == "pariter-worker" for p in multiprocessing.active_children())

    def main():
        pool = pi.ProcessPool(2)
        pool.install(lambda: pi.into_par_iter(range(10)).sum())  # workers up
        print("workers", workers(), flush=True)
        threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
        t0 = time.monotonic()
        try:
            total = pool.install(lambda: pi.into_par_iter(range(10**6)).map(slow).sum())
            print("not interrupted", total, flush=True)
        except KeyboardInterrupt:
            print("interrupted after", round(time.monotonic() - t0, 2), flush=True)
        second = pool.install(lambda: pi.into_par_iter(range(1000)).map(lambda x: 2 * x).sum())
        print("second", second, flush=True)
        pool.shutdown()
        time.sleep(0.2)
        print("left", workers(), flush=True)

    if __name__ == "__main__":
        main()
    """
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("item_seconds", "limit"),
    [(0.001, 2.0), (60.0, 5.0)],
    ids=["pieces-stop-between-blocks", "stuck-item-workers-killed"],
)
def test_ctrl_c_during_a_call(tmp_path: Path, item_seconds: float, limit: float) -> None:
    script = tmp_path / "ctrl_c.py"
    script.write_text(SCRIPT.replace("ITEM_SECONDS", repr(item_seconds)))
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=45, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "workers 2", done.stdout + done.stderr
    assert lines[1].startswith("interrupted after"), done.stdout + done.stderr
    # the timer fires after 1 s; the call must end soon after (grace of 2 s for stuck pieces)
    assert float(lines[1].split()[-1]) < 1.0 + limit, done.stdout
    assert lines[2] == f"second {2 * sum(range(1000))}", done.stdout + done.stderr
    assert lines[3] == "left 0", done.stdout
