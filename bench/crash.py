"""`python -m bench.crash`: the crash harness at full length (testkit.crash; the test suite runs
a short version of the same)."""

from __future__ import annotations

import sys

from testkit.crash import main

if __name__ == "__main__":
    sys.exit(main())
