"""python -m etl: load, kpis, demo, build."""

import sys

from etl.cli import main

sys.exit(main())
