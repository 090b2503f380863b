"""Compile the translation catalogs (.po → .mo) with polib, so no GNU gettext install is needed.

UI strings are written in Chinese (the default language); locale/en holds the English translation."""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def compile_catalogs() -> list[Path]:
    written = []
    for po_path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written
