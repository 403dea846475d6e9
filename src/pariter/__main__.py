"""``python -m pariter demo``: the gallery of Rayon's demo programs (see :mod:`pariter.demo`)."""

from __future__ import annotations

import sys

from pariter.demo.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
