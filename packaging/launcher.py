"""Entry point of the bundled app (PyInstaller): the same as the ``digest-reader`` script."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
