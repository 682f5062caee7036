import sys

from reader.cli import main

# Guarded: multiprocessing's forkserver/spawn children import the main module again.
if __name__ == "__main__":
    sys.exit(main())
