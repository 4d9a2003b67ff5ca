from hireplay.cli import run

run()
