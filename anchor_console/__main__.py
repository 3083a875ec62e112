"""`python -m anchor_console`: same as the `anchor-console` command."""

import sys

from anchor_console.cli import main

if __name__ == "__main__":
    sys.exit(main())
