"""`directive draft`: from a letter's text to a directive file a clerk only has to check.

The pure core is `core.draft_letter` (text in, Draft out); `files` reads letters and writes
the draft's folder, `writer` makes its YAML. Nothing is imported here, so that importing one
part does not import the others (tests/test_architecture.py: no import cycle).
"""
