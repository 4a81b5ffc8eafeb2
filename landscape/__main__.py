from landscape.cli import run

run()
