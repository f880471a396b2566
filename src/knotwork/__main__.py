"""`python -m knotwork` does what the `knotwork` console script does."""

from knotwork.cli import main

raise SystemExit(main())
