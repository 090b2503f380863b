"""Where an instance keeps its state (MINZHENG_HOME).

Everything a running instance writes lives under one directory so that a backup, a test or a benchmark
is one folder — except the keys: they come from the key provider (minzheng.core.keys), by default a key directory
that production keeps outside MINZHENG_HOME (docs/security/keys-and-backup.md).
"""

from __future__ import annotations

import os
from pathlib import Path

# Repository root when running from a checkout (src layout): used to find node_modules assets.
SOURCE_ROOT = Path(__file__).resolve().parents[2]

def home() -> Path:
    path = Path(os.environ.get("MINZHENG_HOME", "./var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def home_dir(*parts: str) -> Path:
    path = home().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def assets_dir() -> Path:
    """node_modules installed by `npm ci` (see package.json); overridable for packaged installs."""
    return Path(os.environ.get("MINZHENG_ASSETS_DIR", SOURCE_ROOT / "node_modules")).resolve()


def key(name: str) -> bytes:
    """The current version of a key, from the configured key provider (minzheng.core.keys: environment first,
    then the key directory MINZHENG_KEY_DIR)."""
    from minzheng.core import keys

    return keys.key(name)
