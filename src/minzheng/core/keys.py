"""Key providers: where the instance's secret keys come from, by name and version.

Names (`KEY_NAMES`): sm4 (field and file encryption), index (blind indexes), audit (audit chain), token (API-token
digests), django (SECRET_KEY). Versions start at 1; `sm4` and `index` get new versions on rotation
(`minzheng keys rotate`), the others stay at version 1.

The interface (`KeyProvider`) is three calls — `get(name, version)`, `current_version(name)`, `create_version(name)`
— so an external KMS/HSM is one class named by MINZHENG_KEY_PROVIDER (dotted path). Shipped providers:

- `FileProvider`: a key directory (MINZHENG_KEY_DIR), mode 0700, one file per key version (`sm4.v2.key`, hex),
  mode 0600, written atomically (temporary file, fsync, rename). Default directory: `$MINZHENG_HOME/keys` in the
  embedded/dev profile; `/etc/minzheng/keys` when MINZHENG_PROFILE=production, which refuses a key directory inside
  MINZHENG_HOME (a copy of the data folder must never carry the keys).
- `EnvironmentProvider`: hex in MINZHENG_<NAME>_KEY (the current version, MINZHENG_<NAME>_KEY_VERSION, default 1) and
  MINZHENG_<NAME>_KEY_V<n> for older versions still needed to decrypt.
- `DefaultProvider` (the default): environment first, then the key directory.

Losing keys must be loud: `$MINZHENG_HOME/keys.fingerprint` records, for every key version ever used with this
data, a keyed fingerprint (HMAC-SM3 of a fixed label; it reveals nothing about the key). A key that is missing while
its fingerprint exists is never regenerated (KeyMissing); a key whose fingerprint differs (KeyMismatch) is refused.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import hashes, hmac

KEY_NAMES = {
    # name: (environment variable, bytes)
    "sm4": ("MINZHENG_SM4_KEY", 16),  # SM4 field and file encryption key (128-bit)
    "index": ("MINZHENG_INDEX_KEY", 32),  # SM3-HMAC blind-index key
    "audit": ("MINZHENG_AUDIT_KEY", 32),  # SM3-HMAC audit-chain key
    "token": ("MINZHENG_TOKEN_KEY", 32),  # SM3-HMAC key for API-token digests
    "django": ("MINZHENG_SECRET_KEY", 50),  # Django SECRET_KEY (sessions, CSRF)
}
ROTATABLE = ("sm4", "index")
PRODUCTION_KEY_DIR = "/etc/minzheng/keys"
FINGERPRINT_FILE = "keys.fingerprint"
_FILE = re.compile(r"^([a-z0-9]+)\.v(\d+)\.key$")
STAT_SECONDS = 1.0  # how long a look at the key directory holds (FileProvider.versions)


class KeyError_(RuntimeError):
    """A key cannot be used; the message (Chinese) tells the operator what to do."""


class KeyMissing(KeyError_):
    pass


class KeyMismatch(KeyError_):
    pass


class KeyProvider(Protocol):
    """What the platform asks of a key source. Keys are raw bytes; versions are positive integers."""

    def get(self, name: str, version: int) -> bytes:
        """The key `name` of `version`; raises KeyMissing when it does not exist."""

    def current_version(self, name: str) -> int:
        """The version new values are protected with (creates version 1 on first use where the provider can)."""

    def create_version(self, name: str) -> int:
        """Make a new version, which becomes current; returns its number."""


def production() -> bool:
    return os.environ.get("MINZHENG_PROFILE", "").strip().lower() in {"production", "prod"}


def _home() -> Path:
    from minzheng import home

    return home.home()


def key_dir() -> Path:
    """The configured key directory (not created here)."""
    configured = os.environ.get("MINZHENG_KEY_DIR")
    if configured:
        return Path(configured).resolve()
    return Path(PRODUCTION_KEY_DIR) if production() else _home() / "keys"


def check_location(directory: Path) -> None:
    """Production refuses a key directory inside MINZHENG_HOME: backups and copies of the data folder would carry
    the keys with the ciphertexts."""
    if not production():
        return
    home = _home().resolve()
    resolved = directory.resolve()
    if resolved == home or home in resolved.parents:
        raise KeyError_(f"生产环境的密钥目录 {resolved} 位于数据目录 MINZHENG_HOME（{home}）之内：数据目录的任何副本"
                        "都会同时带走密钥和密文。请设置 MINZHENG_KEY_DIR 为数据目录以外的位置（默认 "
                        f"{PRODUCTION_KEY_DIR}），并把密钥与数据分开保管。")


def fingerprint(raw: bytes) -> str:
    h = hmac.HMAC(raw, hashes.SM3())
    h.update(b"minzheng key fingerprint v1")
    return h.finalize().hex()[:32]


def _validate(name: str, raw: bytes, source: str) -> bytes:
    size = KEY_NAMES[name][1]
    if name != "django" and len(raw) != size:
        raise KeyError_(f"{source} 长度错误：应为 {size} 字节（{size * 2} 个十六进制字符）")
    return raw


def _write_private(path: Path, text: str) -> None:
    """Owner-only file written atomically: a crash leaves the old file or the new one, never half of it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


class Fingerprints:
    """$MINZHENG_HOME/keys.fingerprint: {name: {version: fingerprint}} of every key version used with this data."""

    def __init__(self, home: Path | None = None):
        self.path = (home or _home()) / FINGERPRINT_FILE

    def load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text())

    def known(self, name: str, version: int) -> str | None:
        return self.load().get(name, {}).get(str(version))

    def check(self, name: str, version: int, raw: bytes, source: str) -> None:
        """Refuse a key that is not the one this data was protected with; remember a key seen for the first time."""
        expected = self.known(name, version)
        actual = fingerprint(raw)
        if expected is None:
            data = self.load()
            data.setdefault(name, {})[str(version)] = actual
            _write_private(self.path, json.dumps(data, indent=1, sort_keys=True))
        elif expected != actual:
            raise KeyMismatch(f"密钥 {name} 第 {version} 版（{source}）与本实例数据登记的密钥指纹不一致：这不是加密这些"
                              "数据的密钥。请提供原密钥（密钥备份），切勿改用新密钥，否则已加密的数据将无法读取。")


class EnvironmentProvider:
    """Hex keys in the environment. Cannot create versions: the operator sets the variables."""

    def _var(self, name: str, version: int) -> str:
        env = KEY_NAMES[name][0]
        return env if version == self.current_version(name) else f"{env}_V{version}"

    def has(self, name: str, version: int | None = None) -> bool:
        env = KEY_NAMES[name][0]
        if version is None:
            return bool(os.environ.get(env))
        return bool(os.environ.get(self._var(name, version))) if os.environ.get(env) else False

    def get(self, name: str, version: int) -> bytes:
        var = self._var(name, version)
        value = os.environ.get(var)
        if not value:
            raise KeyMissing(f"环境变量 {var} 未设置：缺少密钥 {name} 第 {version} 版")
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            raise KeyError_(f"环境变量 {var} 不是十六进制字符串") from None
        return _validate(name, raw, f"环境变量 {var}")

    def current_version(self, name: str) -> int:
        return int(os.environ.get(f"{KEY_NAMES[name][0]}_VERSION", "1"))

    def create_version(self, name: str) -> int:
        env = KEY_NAMES[name][0]
        raise KeyError_(f"密钥 {name} 由环境变量提供，不能由程序生成新版本：请把新密钥（{KEY_NAMES[name][1] * 2} 个"
                        f"十六进制字符）设为 {env}，把 {env}_VERSION 加一，原密钥改名为 {env}_V<原版本号> 后重启服务，"
                        "再运行 minzheng keys rotate --resume")


class FileProvider:
    """One file per key version in a private directory. Version 1 is generated on first use — unless this data
    has already been protected with a version 1 (its fingerprint exists): then the missing file is an error."""

    def __init__(self, directory: Path | None = None, home: Path | None = None):
        self.directory = Path(directory) if directory else key_dir()
        self.fingerprints = Fingerprints(home)
        self._lock = threading.Lock()
        self._seen: tuple[int, dict[str, list[int]]] | None = None
        self._looked_at = 0.0

    def _ensure_dir(self) -> None:
        check_location(self.directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)

    def _path(self, name: str, version: int) -> Path:
        return self.directory / f"{name}.v{version}.key"

    def _legacy(self) -> dict[str, str]:
        """keys.json of earlier releases (all keys, version 1) in the same directory."""
        path = self.directory / "keys.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def versions(self, name: str) -> list[int]:
        """Versions on disk. Cached on the directory's modification time, looked at no more than once a second: a
        running service notices a version created by `keys rotate` in another process within a second (this
        process's own rotation at once), and an import sealing a million values does not stat the directory
        four million times (a third of its encryption time)."""
        now = time.monotonic()
        if self._seen is not None and now - self._looked_at < STAT_SECONDS:
            return self._seen[1].get(name, [])
        try:
            stamp = self.directory.stat().st_mtime_ns
        except FileNotFoundError:
            return []
        self._looked_at = now
        seen = self._seen
        if seen is None or seen[0] != stamp:
            found: dict[str, list[int]] = {}
            for entry in os.listdir(self.directory):
                m = _FILE.match(entry)
                if m:
                    found.setdefault(m.group(1), []).append(int(m.group(2)))
            for legacy in self._legacy():
                if 1 not in found.get(legacy, []):
                    found.setdefault(legacy, []).append(1)
            seen = self._seen = (stamp, {k: sorted(v) for k, v in found.items()})
        return seen[1].get(name, [])

    def get(self, name: str, version: int) -> bytes:
        path = self._path(name, version)
        if path.exists():
            text = path.read_text().strip()
        else:
            text = self._legacy().get(name, "") if version == 1 else ""
            if not text:
                raise KeyMissing(self._missing_message(name, version))
        return _validate(name, bytes.fromhex(text), str(path))

    def _missing_message(self, name: str, version: int) -> str:
        return (f"密钥文件 {self._path(name, version)} 不存在，而本实例的数据已用密钥 {name} 第 {version} 版"
                f"加密（见 {self.fingerprints.path}）。系统不会生成新密钥（新密钥无法解密已有数据）："
                "请从密钥备份恢复该文件，"
                "或用 MINZHENG_KEY_DIR 指向正确的密钥目录。")

    def current_version(self, name: str) -> int:
        versions = self.versions(name)
        if versions:
            return versions[-1]
        with self._lock:
            if not self.versions(name):
                if self.fingerprints.known(name, 1):
                    raise KeyMissing(self._missing_message(name, 1))
                self._write(name, 1)
        return 1

    def create_version(self, name: str) -> int:
        with self._lock:
            versions = self.versions(name)
            if not versions and self.fingerprints.known(name, 1):
                raise KeyMissing(self._missing_message(name, 1))
            version = (versions[-1] if versions else 0) + 1
            self._write(name, version)
        return version

    def _write(self, name: str, version: int) -> None:
        self._ensure_dir()
        path = self._path(name, version)
        if path.exists():
            raise KeyError_(f"密钥文件 {path} 已存在，不会覆盖")
        raw = secrets.token_bytes(KEY_NAMES[name][1])
        _write_private(path, raw.hex())
        self._seen = None


class DefaultProvider:
    """Environment first (a key set there wins, as production deployments pass them), then the key directory."""

    def __init__(self, directory: Path | None = None, home: Path | None = None):
        self.env = EnvironmentProvider()
        self.files = FileProvider(directory, home)

    def _source(self, name: str):
        return self.env if self.env.has(name) else self.files

    def get(self, name: str, version: int) -> bytes:
        return self._source(name).get(name, version)

    def current_version(self, name: str) -> int:
        return self._source(name).current_version(name)

    def create_version(self, name: str) -> int:
        return self._source(name).create_version(name)

    def describe(self, name: str) -> str:
        return "环境变量" if self.env.has(name) else f"密钥目录 {self.files.directory}"


_state: dict[str, KeyProvider] = {}
_checked: set[tuple[str, int]] = set()
_cache: dict[tuple[str, int], bytes] = {}
_state_lock = threading.Lock()


def provider() -> KeyProvider:
    """The configured provider (MINZHENG_KEY_PROVIDER, a dotted path to a class taking no arguments)."""
    found = _state.get("provider")
    if found is None:
        path = os.environ.get("MINZHENG_KEY_PROVIDER", "")
        if path:
            from importlib import import_module

            module, _, cls = path.rpartition(".")
            found = getattr(import_module(module), cls)()
        else:
            found = DefaultProvider()
        _state["provider"] = found
    return found


def reset() -> None:
    """Forget the provider and cached keys (tests; a process that changed its environment)."""
    with _state_lock:
        _state.clear()
        _checked.clear()
        _cache.clear()


def key(name: str, version: int | None = None) -> bytes:
    """Key bytes, checked once per process against the instance's fingerprints."""
    if name not in KEY_NAMES:
        raise KeyError_(f"未知的密钥名称：{name}")
    p = provider()
    if version is None:
        version = p.current_version(name)
    raw = _cache.get((name, version))
    if raw is None:
        raw = p.get(name, version)
        if (name, version) not in _checked:
            Fingerprints().check(name, version, raw, getattr(p, "describe", lambda n: type(p).__name__)(name))
            _checked.add((name, version))
        _cache[(name, version)] = raw
    return raw


def current_version(name: str) -> int:
    return provider().current_version(name)


def create_version(name: str) -> int:
    if name not in ROTATABLE:
        raise KeyError_(f"密钥 {name} 不支持轮换（可轮换：{'、'.join(ROTATABLE)}）")
    version = provider().create_version(name)
    key(name, version)  # records the new version's fingerprint with the data
    return version
