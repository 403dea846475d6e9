"""``python -m pariter demo``: run the demo (see :mod:`pariter.demo`)."""

from __future__ import annotations

import sys

from pariter.demo import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
