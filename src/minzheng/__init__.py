"""Minzheng (民政) — integrated civil-affairs platform."""

__version__ = "0.1.0"
