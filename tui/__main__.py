from tui.command import run

run()
