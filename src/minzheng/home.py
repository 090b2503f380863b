"""Where an instance keeps its state (MINZHENG_HOME) and the keys it generates there.

Everything a running instance writes lives under one directory so that a backup, a test or a benchmark
is one folder. Keys are generated on first use with owner-only permissions; production deployments pass
them in the environment instead (see docs/operations.md).
"""

from __future__ import annotations

import json
import os
import secrets
from functools import cache
from pathlib import Path

# Repository root when running from a checkout (src layout): used to find node_modules assets.
SOURCE_ROOT = Path(__file__).resolve().parents[2]

KEY_NAMES = {
    # name: (environment variable, bytes)
    "sm4": ("MINZHENG_SM4_KEY", 16),  # SM4 field encryption key (128-bit)
    "index": ("MINZHENG_INDEX_KEY", 32),  # SM3-HMAC blind-index key
    "audit": ("MINZHENG_AUDIT_KEY", 32),  # SM3-HMAC audit-chain key
    "token": ("MINZHENG_TOKEN_KEY", 32),  # SM3-HMAC key for API-token digests
    "django": ("MINZHENG_SECRET_KEY", 50),  # Django SECRET_KEY (sessions, CSRF)
}


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


@cache
def _key_file() -> dict[str, str]:
    path = home_dir("keys") / "keys.json"
    data: dict[str, str] = {}
    if path.exists():
        data = json.loads(path.read_text())
    changed = False
    for name, (_env, size) in KEY_NAMES.items():
        if name not in data:
            data[name] = secrets.token_hex(size)
            changed = True
    if changed:
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh, indent=1)
        os.replace(tmp, path)
    return data


def key(name: str) -> bytes:
    """A key from the environment (hex) or, failing that, from $MINZHENG_HOME/keys/keys.json."""
    env, size = KEY_NAMES[name]
    value = os.environ.get(env)
    raw = bytes.fromhex(value) if value else bytes.fromhex(_key_file()[name])
    if name != "django" and len(raw) != size:
        raise RuntimeError(f"{env} must be {size} bytes ({size * 2} hex characters)")
    return raw
