"""`python -m hireplay.cli`: the same commands as `hireplay` (used to start helper processes)."""

from hireplay.cli import run

run()
