"""`python -m game` is the same as the `terafab` command."""

import sys

from game.cli import main

sys.exit(main())
