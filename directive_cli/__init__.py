"""directive-cli: a compliance checklist for Vietnamese government directives."""

__version__ = "0.1.0"
