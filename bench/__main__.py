"""`python -m bench --n N`: see bench/run.py."""

import sys

from bench.run import main

sys.exit(main())
