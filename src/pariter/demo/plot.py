"""``--plot out.png``: the gallery's speed-ups as a bar chart (matplotlib, the ``plot`` extra)."""

from __future__ import annotations

import importlib.util

from pariter.demo.runner import Result

INSTALL_HINT = "pip install 'pariter[plot]' (or: pip install matplotlib)"


def available() -> bool:
    """Whether matplotlib can be imported."""
    return importlib.util.find_spec("matplotlib") is not None


def save(results: list[Result], kinds: list[str], workers: int, title: str, path: str) -> None:
    """Bars of speed-up over the sequential run, one group a program, one bar a pool kind."""
    # imported here, and by name: matplotlib is optional (pariter[plot])
    importlib.import_module("matplotlib").use("Agg")  # files only: no display needed
    plt = importlib.import_module("matplotlib.pyplot")

    names = [r.program.name for r in results]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.8 * len(names) + 2), 4.5))
    colours = {kind: f"C{k}" for k, kind in enumerate(kinds)}
    width = 0.8 / max(1, len(kinds))
    labelled: set[str] = set()
    for i, result in enumerate(results):
        for j, run in enumerate(result.runs):  # each program's bars centred on its name
            x = i + (j - (len(result.runs) - 1) / 2) * width
            label = "_nolegend_" if run.kind in labelled else run.kind
            labelled.add(run.kind)
            height = run.speedup(result.sequential)
            bars = ax.bar([x], [height], width, color=colours[run.kind], label=label)
            ax.bar_label(bars, fmt="%.2fx", fontsize=7, padding=2)
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.axhline(workers, color="grey", linewidth=0.8, linestyle="--", label=f"{workers} workers")
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_ylabel("speed-up over sequential")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
