"""Sub-commands of the `verblijfsroutes` CLI, one module each (see model/cli.py)."""
