"""Sensitive-field protection: SM4 encryption at rest, SM3-HMAC blind indexes, masking.

- Ciphertext layout (format 0x02): format byte ‖ 2-byte SM4 key version (big-endian) ‖ 12-byte random nonce ‖
  SM4-GCM ciphertext ‖ 16-byte tag. Format 0x01 (earlier releases: no key-version field) still decrypts, as key
  version 1. GCM authenticates the ciphertext *and* the associated data (`aad`): every protected column passes
  `aad(table, column, row_key)` naming where the value belongs, so a ciphertext copied to another row or column, or
  edited in the database, fails to decrypt (CiphertextError, 密文校验失败). The binding of each column is listed in
  docs/decisions/0003-sm4-blind-index.md and declared on the models (core.protected).
- Blind index: HMAC-SM3 over the normalised value under a separate key, hex-encoded. Equal values give equal
  indexes, so exact lookups and joins (also in DuckDB/Spark) work without decrypting; without the key the
  index cannot be reversed by enumerating the (small) space of ID or phone numbers.
Keys: minzheng.core.keys (key provider: environment first, then the key directory; versions for rotation).
"""

from __future__ import annotations

import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from minzheng.core import keys
from minzheng.core.errors import Conflict

FORMAT_V1 = b"\x01"  # version byte ‖ nonce ‖ ciphertext ‖ tag (key version 1)
FORMAT_V2 = b"\x02"  # version byte ‖ key version (2 bytes) ‖ nonce ‖ ciphertext ‖ tag
HEADER_V2 = 3
_sm4_cache: dict[int, algorithms.SM4] = {}
_hmac_cache: dict[tuple[str, int], hmac.HMAC] = {}


class CiphertextError(Conflict, InvalidTag):
    """A protected value that does not authenticate: moved to another row or column, edited, or encrypted under a
    key this instance does not have. Pages and the API answer 409 with this Chinese message, never a 500."""

    def __init__(self, where: str = ""):
        place = f"（{where}）" if where else ""
        super().__init__(f"密文校验失败{place}：该加密数据与其所在记录不匹配或已被篡改，无法解密。"
                         "请联系安全管理员核查数据库是否被改动。")


def aad(table: str, column: str, row_key) -> bytes:
    """Associated data binding a ciphertext to where it belongs: table, column and the row (a primary key or a
    unique natural key, see core.protected)."""
    return f"{table}.{column}#{row_key}".encode()


def _sm4(version: int) -> algorithms.SM4:
    algo = _sm4_cache.get(version)
    if algo is None:
        algo = _sm4_cache[version] = algorithms.SM4(keys.key("sm4", version))
    return algo


def _hmac_base(name: str, version: int | None = None) -> hmac.HMAC:
    if version is None:
        version = keys.current_version(name)
    base = _hmac_cache.get((name, version))
    if base is None:
        base = _hmac_cache[(name, version)] = hmac.HMAC(keys.key(name, version), hashes.SM3())
    return base


def reset_caches() -> None:
    """Forget cached key objects (tests that switch keys)."""
    _sm4_cache.clear()
    _hmac_cache.clear()


def current_key_version() -> int:
    return keys.current_version("sm4")


def encrypt(plaintext: str | None, aad: bytes = b"") -> bytes | None:
    if plaintext is None or plaintext == "":
        return None
    return encrypt_bytes(plaintext.encode("utf-8"), aad)


def decrypt(blob: bytes | memoryview | None, aad: bytes = b"") -> str | None:
    if blob is None:
        return None
    return decrypt_bytes(blob, aad).decode("utf-8")


def encrypt_bytes(data: bytes, aad: bytes = b"", key_version: int | None = None) -> bytes:
    """SM4-GCM of raw bytes under the current key version (format 0x02). `aad` (associated data) names where the
    value belongs; decryption with any other `aad` fails."""
    version = key_version or current_key_version()
    nonce = os.urandom(12)
    enc = Cipher(_sm4(version), modes.GCM(nonce)).encryptor()
    if aad:
        enc.authenticate_additional_data(aad)
    body = enc.update(data) + enc.finalize()
    return FORMAT_V2 + version.to_bytes(2, "big") + nonce + body + enc.tag


def key_version(blob: bytes | memoryview) -> int:
    """The SM4 key version a ciphertext was made with (format 0x01 = version 1)."""
    head = bytes(blob[:HEADER_V2])
    if head[:1] == FORMAT_V1:
        return 1
    if head[:1] == FORMAT_V2 and len(head) == HEADER_V2:
        return int.from_bytes(head[1:3], "big")
    raise CiphertextError("未知的密文格式")


def decrypt_bytes(blob: bytes | memoryview, aad: bytes = b"", where: str = "") -> bytes:
    data = blob if type(blob) is bytes else bytes(blob)  # psycopg 3 and sqlite3 already give bytes: no copy
    version = key_version(data)
    start = 1 if data[:1] == FORMAT_V1 else HEADER_V2
    if len(data) < start + 12 + 16:
        raise CiphertextError(where or "密文长度不足")
    nonce, body, tag = data[start:start + 12], data[start + 12:-16], data[-16:]
    dec = Cipher(_sm4(version), modes.GCM(nonce, tag)).decryptor()
    if aad:
        dec.authenticate_additional_data(aad)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag:
        raise CiphertextError(where) from None


def needs_rewrap(blob: bytes | memoryview) -> bool:
    """Whether a ciphertext was made under a key version other than the current one (key rotation re-encrypts it)."""
    return key_version(blob) != current_key_version()


def keyed_digest(key_name: str, value: str, version: int | None = None) -> str:
    """HMAC-SM3 of `value` under a key (its current version unless `version` is given)."""
    h = _hmac_base(key_name, version).copy()
    h.update(value.encode("utf-8"))
    return h.finalize().hex()


def blind_index(value: str | None, version: int | None = None) -> str | None:
    """Blind index of an already-normalised value (see idnumber.parse, normalize_phone) under the current index
    key version (`version`: another one, for re-indexing after `minzheng keys rotate --index`)."""
    if not value:
        return None
    return keyed_digest("index", value, version)


_PHONE_DIGITS = re.compile(r"[\s\-()]")


class PhoneError(ValueError):
    pass


def normalize_phone(value: str | None) -> str | None:
    """Mobile (11 digits, 1xx) or fixed line (area code + number, 7–12 digits); +86 prefix dropped."""
    if value is None:
        return None
    text = _PHONE_DIGITS.sub("", str(value).strip())
    if not text:
        return None
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not text.isdigit():
        raise PhoneError(f"联系电话“{value}”只能包含数字")
    if text.startswith("1"):
        if len(text) != 11:
            raise PhoneError(f"手机号码“{value}”应为 11 位")
    elif not (text.startswith("0") and 10 <= len(text) <= 12) and not (7 <= len(text) <= 8):
        raise PhoneError(f"联系电话“{value}”格式不正确")
    return text


def mask_phone(number: str | None) -> str:
    if not number:
        return ""
    if len(number) == 11:
        return number[:3] + "****" + number[-4:]
    return number[:3] + "*" * max(len(number) - 5, 1) + number[-2:]


def mask_account(number: str | None) -> str:
    if not number:
        return ""
    return number[:4] + "*" * max(len(number) - 8, 1) + number[-4:]
