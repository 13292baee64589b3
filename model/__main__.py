"""`python -m verblijfsroutes`: the command line."""

from verblijfsroutes.cli.main import main

raise SystemExit(main())
