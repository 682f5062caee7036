"""Entry point of the bundled app (PyInstaller): the same as the ``digest-reader`` script."""

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the index writer's worker processes in a frozen app
    sys.exit(main())
