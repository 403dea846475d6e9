"""What the user sees of an exception raised in their function: their frames, not pariter's.

Each scenario runs a small program in a fresh interpreter (the user's function in a real file,
run as ``__main__`` so that a process pool ships it by value) and reads the traceback it
prints, as a user would; ``PARITER_TRACEBACK=full`` brings pariter's frames back.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import pytest

import pariter as pi
from pariter.core import tracebacks

PACKAGE = os.path.dirname(pi.__file__)
DEMO = os.path.join(PACKAGE, "demo")
FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<name>\S+)$')


PROGRAM = """\
import sys
import pariter as pi
from pariter.plumbing import caller


def score(x):
    if x == 37:
        raise ValueError(f"bad item {x}")
    return x * 2


def outer(y):
    return pi.par_iter(list(range(100))).map(score).sum() + y


def main(scenario, threads):
    xs = list(range(100))
    if threads > 1:
        caller.CALLER_SECONDS = 0.0  # hand the call to the pool's threads at once
    if scenario == "threads":
        with pi.ThreadPoolBuilder().num_threads(threads).build():
            pi.par_iter(xs).map(score).sum()
    elif scenario == "loop":
        with pi.ThreadPoolBuilder().num_threads(threads).build():
            for _ in pi.par_iter(xs).map(score):
                pass
    elif scenario == "progress":
        with pi.ThreadPoolBuilder().num_threads(threads).build():
            pi.par_iter(xs).map(score).progress().sum()
    elif scenario == "nested":
        with pi.ThreadPoolBuilder().num_threads(threads).build():
            pi.par_iter(list(range(8))).map(outer).sum()
    elif scenario == "join":
        with pi.ThreadPoolBuilder().num_threads(threads).build():
            pi.join(lambda: score(1), lambda: score(37))
    elif scenario == "processes":
        with pi.ProcessPool(threads):
            pi.par_iter(xs).map(score).sum()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
"""

#: The program's lines the traceback must show, by function.
SOURCE = {
    "score": 'raise ValueError(f"bad item {x}")',
    "outer": "return pi.par_iter(list(range(100))).map(score).sum() + y",
}


def run(tmp_path: Path, scenario: str, threads: int, full: bool = False) -> tuple[str, Path]:
    """The traceback the program prints for ``scenario`` (stderr), and the program's path."""
    program = tmp_path / "user_program.py"
    program.write_text(PROGRAM)
    env = {k: v for k, v in os.environ.items() if k not in ("PARITER_TRACEBACK", "PARITER_POOL")}
    if full:
        env["PARITER_TRACEBACK"] = "full"
    done = subprocess.run(
        [sys.executable, str(program), scenario, str(threads)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    return done.stderr, program


def sections(text: str) -> list[list[str]]:
    """The printed tracebacks, each as its lines (a worker's, in quotes, comes first)."""
    found: list[list[str]] = []
    for line in text.splitlines():
        if line.strip() == "Traceback (most recent call last):":
            found.append([])
        elif found:
            found[-1].append(line)
    return found


def frames(section: list[str]) -> list[tuple[str, int, str, str]]:
    """``(file, line, function, source line shown under it)`` for each frame of a traceback."""
    result = []
    for i, line in enumerate(section):
        match = FRAME.match(line)
        if match:
            after = section[i + 1] if i + 1 < len(section) else ""
            source = "" if FRAME.match(after) else after.strip()
            result.append((match["file"], int(match["line"]), match["name"], source))
    return result


def is_internal(path: str) -> bool:
    return path.startswith(PACKAGE + os.sep) and not path.startswith(DEMO + os.sep)


def shown_internal(frame_list: list[tuple[str, int, str, str]]) -> list[tuple[str, str]]:
    """The pariter frames shown that should not be."""
    return [(file, name) for file, _, name, _ in frame_list if is_internal(file)]


def user_frames(frame_list: list[tuple[str, int, str, str]], program: Path) -> list[str]:
    return [name for file, _, name, _ in frame_list if file == str(program)]


def check_user_frame(frame_list: list[tuple[str, int, str, str]], program: Path) -> None:
    """The innermost frame is the user's ``score``, with its real file, line and source."""
    file, line, name, source = frame_list[-1]
    assert (file, name) == (str(program), "score")
    assert PROGRAM.splitlines()[line - 1].strip() == SOURCE["score"] == source


def check_end(section: list[str]) -> None:
    """The traceback ends with the user's exception, as a loop's would (nothing added to it)."""
    tail = [line for line in section if line.strip()]
    assert tail[-1] == "ValueError: bad item 37"


THREAD_SCENARIOS = [
    ("threads", 1),
    ("threads", 2),
    ("threads", 7),
    ("progress", 1),
    ("progress", 7),
    ("loop", 1),
    ("loop", 7),
]


@pytest.mark.parametrize(("scenario", "threads"), THREAD_SCENARIOS)
def test_threads_show_the_users_frames_only(tmp_path: Path, scenario: str, threads: int) -> None:
    text, program = run(tmp_path, scenario, threads)
    [section] = sections(text)
    shown = frames(section)
    assert shown_internal(shown) == []
    assert user_frames(shown, program) == ["<module>", "main", "score"]
    check_user_frame(shown, program)
    check_end(section)


@pytest.mark.parametrize(("scenario", "threads"), THREAD_SCENARIOS[:3])
def test_full_traceback_on_request(tmp_path: Path, scenario: str, threads: int) -> None:
    text, program = run(tmp_path, scenario, threads, full=True)
    [section] = sections(text)
    shown = frames(section)
    files = {os.path.relpath(file, PACKAGE) for file, *_ in shown if is_internal(file)}
    assert {"plumbing/execute.py", "plumbing/bridge.py"} <= files
    assert user_frames(shown, program) == ["<module>", "main", "score"]
    check_user_frame(shown, program)
    assert section[-1] == "ValueError: bad item 37"


@pytest.mark.parametrize("threads", [1, 2, 7])
def test_a_nested_call_shows_both_user_functions(tmp_path: Path, threads: int) -> None:
    text, program = run(tmp_path, "nested", threads)
    [section] = sections(text)
    shown = frames(section)
    assert shown_internal(shown) == []
    assert user_frames(shown, program) == ["<module>", "main", "outer", "score"]
    outer = next(frame for frame in shown if frame[2] == "outer")
    assert outer[3] == SOURCE["outer"]
    check_user_frame(shown, program)
    check_end(section)


@pytest.mark.parametrize("threads", [1, 2])
def test_join_from_outside_the_pool(tmp_path: Path, threads: int) -> None:
    text, program = run(tmp_path, "join", threads)
    [section] = sections(text)
    shown = frames(section)
    assert [file for file, *_ in shown if is_internal(file)] == []
    assert user_frames(shown, program) == ["<module>", "main", "<lambda>", "score"]
    check_user_frame(shown, program)
    check_end(section)


def test_processes_show_the_users_file_and_line(tmp_path: Path) -> None:
    text, program = run(tmp_path, "processes", 2)
    worker, caller = sections(text)
    assert "<dynamic-code>" not in text
    # The worker's traceback: the user's function only, with its file, line and source.
    shown = frames(worker)
    assert [(file, name) for file, _, name, _ in shown] == [(str(program), "score")]
    check_user_frame(shown, program)
    assert "ValueError: bad item 37'''" in worker
    # The caller's: where the call was made, then the exception.
    shown = frames(caller)
    assert shown_internal(shown) == []
    assert user_frames(shown, program) == ["<module>", "main"]
    check_end(caller)
    assert "pariter.backends.errors.RemoteTraceback" in text


def test_processes_full_traceback_on_request(tmp_path: Path) -> None:
    text, program = run(tmp_path, "processes", 2, full=True)
    worker, caller = sections(text)
    worker_files = {os.path.relpath(f, PACKAGE) for f, *_ in frames(worker) if is_internal(f)}
    caller_files = {os.path.relpath(f, PACKAGE) for f, *_ in frames(caller) if is_internal(f)}
    assert "backends/shipping.py" in worker_files
    assert {"plumbing/execute.py", "backends/process.py"} <= caller_files
    check_user_frame(frames(worker), program)


# -- in this process: what the exception object keeps ------------------------------------------


class Scored(Exception):
    def __init__(self, item: int, reason: str) -> None:
        super().__init__(item, reason)
        self.item = item


def fail_with_chain(x: int) -> int:
    if x == 37:
        try:
            {}["missing"]
        except KeyError as cause:
            error = Scored(x, "bad")
            error.add_note("the user's own note")
            raise error from cause
    return x


def test_the_exception_keeps_type_args_attributes_notes_and_cause(pool: pi.ThreadPool) -> None:
    with pytest.raises(Scored) as info:
        pi.into_par_iter(range(1000)).map(fail_with_chain).sum()
    exc = info.value
    assert exc.args == (37, "bad") and exc.item == 37
    assert isinstance(exc.__cause__, KeyError) and exc.__suppress_context__
    assert isinstance(exc.__context__, KeyError)
    assert exc.__notes__ == ["the user's own note"]  # and nothing of pariter's
    assert exc.__pariter_hidden__ > 0
    names = [entry.name for entry in traceback.extract_tb(exc.__traceback__)]
    assert names[-1] == "fail_with_chain"
    assert "test_the_exception_keeps_type_args_attributes_notes_and_cause" in names


def test_the_first_failure_keeps_its_own_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    # The left half fails late and the join propagates its exception, but the first one raised
    # (the right half's) is the one the caller gets: with the cause its code gave it.
    from pariter.plumbing import caller

    monkeypatch.setattr(caller, "CALLER_SECONDS", 0.0)

    def f(x: int) -> int:
        if x == 10:
            time.sleep(0.5)
            raise ValueError("late")
        if x == 900:
            try:
                raise KeyError("k")
            except KeyError as cause:
                raise LookupError("first") from cause
        return x

    with pi.ThreadPoolBuilder().num_threads(4).build(), pytest.raises(LookupError) as info:
        pi.into_par_iter(range(1000)).map(f).sum()
    exc = info.value
    assert isinstance(exc.__cause__, KeyError) and exc.__suppress_context__
    entries = traceback.extract_tb(exc.__traceback__)
    assert entries[-1].name == "f"
    assert not [e.filename for e in entries if is_internal(e.filename)]
    assert not hasattr(exc, "__notes__")


def test_the_variable_is_read_when_the_exception_is_raised(
    pool: pi.ThreadPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARITER_TRACEBACK", "full")
    with pytest.raises(Scored) as info:
        pi.into_par_iter(range(1000)).map(fail_with_chain).sum()
    files = [entry.filename for entry in traceback.extract_tb(info.value.__traceback__)]
    assert any(file.endswith(os.path.join("plumbing", "execute.py")) for file in files)
    assert info.value.__notes__ == ["the user's own note"]


def test_a_failure_inside_pariter_keeps_the_frame_that_raised(pool: pi.ThreadPool) -> None:
    # ``sum`` on a str fails in the leaf's folder: that frame says where, so it stays.
    with pytest.raises(TypeError) as info:
        pi.par_iter([1, "a"] * 500).sum()
    entries = traceback.extract_tb(info.value.__traceback__)
    assert entries[-1].filename.endswith(os.path.join("iterators", "reduce.py"))
    assert not any(is_internal(entry.filename) for entry in entries[:-1])


def test_cut_keeps_the_users_frames_in_order() -> None:
    def user() -> None:
        pi.join(lambda: None, lambda: 1 // 0)

    try:
        user()
    except ZeroDivisionError as exc:
        tb = exc.__traceback__
    names = [entry.name for entry in traceback.extract_tb(tb)]
    assert names == ["test_cut_keeps_the_users_frames_in_order", "user", "<lambda>"]
    # Cutting again finds nothing more to cut and leaves the chain as it is.
    assert tracebacks.cut(tb, keep_origin=True) == (tb, 0)


def test_demo_programs_are_user_code() -> None:
    frame: Any = type("Frame", (), {"f_globals": {"__name__": "pariter.demo.sieve"}})()
    assert not tracebacks.internal(frame)
    frame.f_globals = {"__name__": "pariter.plumbing.bridge"}
    assert tracebacks.internal(frame)
    frame.f_globals = {"__name__": "pariterx"}
    assert not tracebacks.internal(frame)
