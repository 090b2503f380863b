"""Sensitive-field protection: SM4 encryption at rest, SM3-HMAC blind indexes, masking.

- Ciphertext layout: version byte (0x01) ‖ 12-byte random nonce ‖ SM4-GCM ciphertext ‖ 16-byte tag. GCM
  authenticates, so a ciphertext moved between rows or edited in the database fails to decrypt.
- Blind index: HMAC-SM3 over the normalised value under a separate key, hex-encoded. Equal values give equal
  indexes, so exact lookups and joins (also in DuckDB/Spark) work without decrypting; without the key the
  index cannot be reversed by enumerating the (small) space of ID or phone numbers.
Keys: minzheng.home.key() — environment first, else generated under $MINZHENG_HOME/keys.
"""

from __future__ import annotations

import os
import re
from functools import cache

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from minzheng import home

_VERSION = b"\x01"


@cache
def _sm4() -> algorithms.SM4:
    return algorithms.SM4(home.key("sm4"))


@cache
def _hmac_base(name: str) -> hmac.HMAC:
    return hmac.HMAC(home.key(name), hashes.SM3())


def encrypt(plaintext: str | None, aad: bytes = b"") -> bytes | None:
    if plaintext is None or plaintext == "":
        return None
    return encrypt_bytes(plaintext.encode("utf-8"), aad)


def decrypt(blob: bytes | memoryview | None, aad: bytes = b"") -> str | None:
    if blob is None:
        return None
    return decrypt_bytes(blob, aad).decode("utf-8")


def encrypt_bytes(data: bytes, aad: bytes = b"") -> bytes:
    """SM4-GCM of raw bytes: version, nonce, ciphertext, tag. `aad` (associated data) names where the value
    belongs; decryption with any other `aad` fails."""
    nonce = os.urandom(12)
    enc = Cipher(_sm4(), modes.GCM(nonce)).encryptor()
    if aad:
        enc.authenticate_additional_data(aad)
    body = enc.update(data) + enc.finalize()
    return _VERSION + nonce + body + enc.tag


def decrypt_bytes(blob: bytes | memoryview, aad: bytes = b"") -> bytes:
    data = bytes(blob)
    if data[:1] != _VERSION:
        raise ValueError("unknown ciphertext version")
    nonce, body, tag = data[1:13], data[13:-16], data[-16:]
    dec = Cipher(_sm4(), modes.GCM(nonce, tag)).decryptor()
    if aad:
        dec.authenticate_additional_data(aad)
    return dec.update(body) + dec.finalize()


def needs_rewrap(blob: bytes | memoryview) -> bool:
    """Whether a ciphertext was made under a key version other than the current one (key rotation re-encrypts it)."""
    return bytes(blob[:1]) != _VERSION


def keyed_digest(key_name: str, value: str) -> str:
    h = _hmac_base(key_name).copy()
    h.update(value.encode("utf-8"))
    return h.finalize().hex()


def blind_index(value: str | None) -> str | None:
    """Blind index of an already-normalised value (see idnumber.parse, normalize_phone)."""
    if not value:
        return None
    return keyed_digest("index", value)


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
