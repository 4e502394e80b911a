"""The one exception that means "the tool could not do its job" (exit code 2)."""


class GateError(Exception):
    """A message for people: names the file, the line where known, and what to do."""

    exit_code = 2
