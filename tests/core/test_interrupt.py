"""Ctrl-C while the caller waits: KeyboardInterrupt promptly, the pool stays usable."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os, signal, threading, time
    import pariter as pi

    started = []

    def slow(i):
        started.append(i)
        time.sleep(0.05)
        return i

    def tree(lo, hi):
        if hi - lo == 1:
            return slow(lo)
        mid = (lo + hi) // 2
        a, b = pi.join(lambda: tree(lo, mid), lambda: tree(mid, hi))
        return a + b

    with pi.ThreadPool(2) as pool:
        threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
        t0 = time.monotonic()
        try:
            pool.install(lambda: tree(0, 400))  # 400 x 50 ms / 2 threads = 10 s if not stopped
            print("not interrupted")
        except KeyboardInterrupt:
            print("interrupted after", round(time.monotonic() - t0, 2))
        n_at_interrupt = len(started)
        time.sleep(0.5)
        # no new task of the abandoned call starts (those running may finish)
        print("started afterwards", len(started) - n_at_interrupt)
        print("usable", pool.join(lambda: 1, lambda: 2))
    """
)


def test_ctrl_c_interrupts_the_caller_promptly_and_the_pool_survives() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("interrupted after"), done.stdout
    assert float(lines[0].split()[-1]) < 2.0
    assert int(lines[1].split()[-1]) <= 2  # at most the tasks already running on 2 threads
    assert lines[2] == "usable (1, 2)"
