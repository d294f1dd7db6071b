"""One module per command, each imported only when its command runs (app.COMMANDS).

A command wires options to the core and the renderers: its decisions live in pure functions
(refs, marking, query, render) that have tests of their own.
"""
