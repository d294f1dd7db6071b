"""`directive draft`: from a letter's text to a directive file a clerk only has to check."""

from .core import draft_letter
from .model import Draft, DraftClause, DraftDeadline, DraftMeta, Mention, Proposal

__all__ = [
    "Draft",
    "DraftClause",
    "DraftDeadline",
    "DraftMeta",
    "Mention",
    "Proposal",
    "draft_letter",
]
