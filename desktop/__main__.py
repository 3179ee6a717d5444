"""``python -m desktop`` and the frozen executable start here."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
