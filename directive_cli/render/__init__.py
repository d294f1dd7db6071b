"""Output formats: Rich tables for people, stdlib writers for machines."""

from __future__ import annotations

FORMATS = ("table", "json", "jsonl", "csv", "md")
