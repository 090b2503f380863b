"""The encrypted file store: every file the application keeps (bank files, bank returns, import and feed uploads,
error reports, exports kept for download, case documents) is SM4-GCM encrypted under MINZHENG_HOME/files, owner-only
(0600), described by a `StoredFile` row and deleted when its retention ends.

On disk: `MZF1` ‖ segments, each a 4-byte big-endian length and one `crypto.encrypt_bytes` blob of at most
MINZHENG_FILE_SEGMENT_BYTES of plaintext. Each segment's associated data names the file, the segment's index and
whether it is the last one (`mzfile:<key>:<index>:<final>`): a segment moved to another file or position, a
dropped tail or an edited byte fails to decrypt. Files are written and read a segment at a time, so a 200 MB
upload is never held in memory twice; the plaintext's SHA-256 is recorded and checked on every full read.

    stored = filestore.save(upload.chunks(), category="import", name=upload.name, actor=user)
    with filestore.writer("bank_file", "代发文件.csv", actor=user) as out:   # out.write(bytes); out.stored after
        ...
    filestore.download_response(user, file_id)                         # scoped: only the owner, in their region

Retention (settings.MINZHENG_FILE_RETENTION_DAYS, per category) sets `expires_at`; `cleanup()` (the job
`files_cleanup`, the command `minzheng files cleanup`) deletes expired files with their rows, files without a row
and stale temporary files. `reencrypt_all()` rewrites every file with a segment under an older key version."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import struct
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from minzheng import home
from minzheng.core import audit, crypto, jobs
from minzheng.core.errors import FieldError, NotFound, ValidationFailed
from minzheng.core.models import StoredFile

MAGIC = b"MZF1"
# The platform's own kinds of stored file; each app adds its own (AppConfig.file_categories, merged in here at
# start-up by core.app_registry).
CATEGORIES = {"bank_file": "银行代发文件", "import": "导入文件", "error_report": "错误报告", "export": "导出文件"}
TAMPERED = "文件校验失败（与保存时的摘要不符），请联系系统管理员"
STALE_TEMP_SECONDS = 24 * 3600  # temporary and orphaned files older than this are removed by cleanup


class TamperedFile(ValidationFailed):
    """A stored file that does not decrypt or whose digest differs: refused, never served."""

    def __init__(self):
        super().__init__([FieldError("file", TAMPERED)])


def files_dir() -> Path:
    path = home.home_dir("files")
    os.chmod(path, 0o700)
    return path


def path_of(key: str) -> Path:
    return files_dir() / key[:2] / f"{key}.mzf"


def _aad(key: str, index: int, final: bool) -> bytes:
    return f"mzfile:{key}:{index}:{int(final)}".encode()


def _segment_bytes() -> int:
    return max(4096, int(getattr(settings, "MINZHENG_FILE_SEGMENT_BYTES", 1024 * 1024)))


def retention_days(category: str) -> int | None:
    table = getattr(settings, "MINZHENG_FILE_RETENTION_DAYS", {})
    if category not in CATEGORIES:
        raise ValueError(f"unknown file category {category!r}")
    return table.get(category)


def _open_owner_only(path: Path):
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")


# ---- writing ---------------------------------------------------------------------------------------------------------


class _SegmentWriter(io.RawIOBase):
    """A write-only binary stream that encrypts into segments; holds at most one segment of plaintext. The file
    appears under its final name only on `finish`; `abort` leaves nothing behind."""

    def __init__(self, key: str, tmp_suffix: str = ".part"):
        super().__init__()
        self.key = key
        self.path = path_of(key)
        self.tmp = self.path.with_suffix(tmp_suffix)
        self._fh = _open_owner_only(self.tmp)
        self._fh.write(MAGIC)
        self._buf = bytearray()
        self._size = 0
        self._index = 0
        self._digest = hashlib.sha256()
        self._seg = _segment_bytes()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self._buf += data
        self._size += len(data)
        self._digest.update(data)
        while len(self._buf) > self._seg:  # more follows: this segment is not the last
            self._emit(bytes(self._buf[: self._seg]), final=False)
            del self._buf[: self._seg]
        return len(data)

    def _emit(self, chunk: bytes, final: bool) -> None:
        blob = crypto.encrypt_bytes(chunk, _aad(self.key, self._index, final))
        self._fh.write(struct.pack(">I", len(blob)) + blob)
        self._index += 1

    def finish(self) -> tuple[int, str, int]:
        self._emit(bytes(self._buf), final=True)
        self._buf = bytearray()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.tmp, self.path)
        return self._size, self._digest.hexdigest(), self._index

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.tmp.unlink(missing_ok=True)


class writer:
    """`with filestore.writer(category, name, actor=…) as out: out.write(…)` → `out.stored` is the StoredFile.
    An exception inside the block (or `out.abort()`) stores nothing."""

    def __init__(self, category: str, name: str, actor=None, region_code: str = "", content_type: str = ""):
        retention_days(category)  # unknown category: fail before writing
        self.category, self.name, self.actor = category, (name or "file")[:200], actor
        self.region_code = region_code or getattr(actor, "region_id", "") or ""
        self.content_type = content_type
        self.stored: StoredFile | None = None
        self._w: _SegmentWriter | None = None
        self._aborted = False

    def __enter__(self):
        self._w = _SegmentWriter(uuid.uuid4().hex)
        return self

    def write(self, data) -> int:
        return self._w.write(data)

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        return None

    def abort(self) -> None:
        self._aborted = True

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None or self._aborted:
            self._w.abort()
            return False
        size, digest, segments = self._w.finish()
        try:
            self.stored = _record(self._w.key, self.category, self.name, self.content_type, size, digest, segments,
                                  self.actor, self.region_code)
        except Exception:
            self._w.path.unlink(missing_ok=True)
            raise
        return False


def _record(key, category, name, content_type, size, digest, segments, actor, region_code) -> StoredFile:
    days = retention_days(category)
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    return StoredFile.objects.create(key=key, category=category, name=name, content_type=content_type, size=size,
                                     sha256=digest, segments=segments, expires_at=expires,
                                     created_by=actor if getattr(actor, "pk", None) else None,
                                     region_code=region_code)


def save(source: bytes | Iterable[bytes] | io.IOBase, *, category: str, name: str, actor=None,
         region_code: str = "", content_type: str = "") -> StoredFile:
    """Store bytes, an iterable of byte chunks (an upload's `chunks()`) or a binary file object."""
    with writer(category, name, actor=actor, region_code=region_code, content_type=content_type) as out:
        if isinstance(source, (bytes, bytearray, memoryview)):
            out.write(source)
        elif hasattr(source, "read"):
            for block in iter(lambda: source.read(1 << 20), b""):
                out.write(block)
        else:
            for block in source:
                out.write(block)
    return out.stored


# ---- reading ---------------------------------------------------------------------------------------------------------


def _blobs(path: Path) -> Iterator[tuple[bytes, bool]]:
    """(blob, is_last) for each segment of a stored file; a malformed container is a TamperedFile."""
    try:
        fh = path.open("rb")
    except OSError:
        raise TamperedFile() from None
    with fh:
        if fh.read(4) != MAGIC:
            raise TamperedFile()
        pending = None
        while True:
            head = fh.read(4)
            if not head:
                break
            if len(head) != 4:
                raise TamperedFile()
            (length,) = struct.unpack(">I", head)
            blob = fh.read(length)
            if len(blob) != length:
                raise TamperedFile()
            if pending is not None:
                yield pending, False
            pending = blob
        if pending is None:
            raise TamperedFile()
        yield pending, True


def iter_plain(stored: StoredFile) -> Iterator[bytes]:
    """The plaintext, a segment at a time; the digest is checked at the end (a mismatch raises TamperedFile)."""
    digest = hashlib.sha256()
    for index, (blob, final) in enumerate(_blobs(path_of(stored.key))):
        try:
            chunk = crypto.decrypt_bytes(blob, _aad(stored.key, index, final))
        except Exception:
            raise TamperedFile() from None
        digest.update(chunk)
        yield chunk
    if digest.hexdigest() != stored.sha256:
        raise TamperedFile()


def read_bytes(stored: StoredFile) -> bytes:
    return b"".join(iter_plain(stored))


def spooled(stored: StoredFile, max_memory: int = 256 * 1024 * 1024):
    """The plaintext as a seekable file object for a parser (openpyxl, csv, Parquet): in memory up to
    `max_memory`, beyond that an unnamed (already unlinked) file under MINZHENG_HOME/tmp. Close it when done."""
    handle = tempfile.SpooledTemporaryFile(max_size=max_memory, dir=home.home_dir("tmp"))  # noqa: SIM115
    try:
        for chunk in iter_plain(stored):
            handle.write(chunk)
    except Exception:
        handle.close()
        raise
    handle.seek(0)
    return handle


@contextlib.contextmanager
def uploaded_file(job):
    """(binary file object, original name) of a job's upload (`job.params["file_id"]`, see core.pages.imports),
    decrypted into memory or an unnamed temporary file; the stored upload is deleted once the job has read it —
    except after a transient failure (core.jobs.TRANSIENT), when a restartable job will be queued again and its next
    attempt must find the file (a job killed outright never reaches the deletion either; the expiry sweep removes
    uploads nobody came back for)."""
    from minzheng.core.spreadsheets import UnreadableFile

    stored = StoredFile.objects.filter(pk=job.params.get("file_id") or 0).first()
    if stored is None:
        raise UnreadableFile("上传的文件已不存在（可能已过期清理），请重新上传")
    handle = spooled(stored)
    try:
        yield handle, job.params.get("name") or stored.name
    except jobs.TRANSIENT:
        raise
    except BaseException:
        delete(stored)
        raise
    else:
        delete(stored)
    finally:
        handle.close()


def get_for(user, file_id) -> StoredFile:
    """A stored file the user may download (whoever stored it, within their region); 404 otherwise."""
    try:
        pk = int(file_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = StoredFile.objects.visible_to(user).filter(pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise NotFound()
    return found


def response(stored: StoredFile, filename: str | None = None, content_type: str = "") -> StreamingHttpResponse:
    """A streamed, decrypted download: attachment, `Cache-Control: no-store`. A segment that fails to decrypt ends
    the stream (the client sees an incomplete download, never altered bytes); the first is checked before."""
    chunks = iter_plain(stored)
    first = next(chunks, b"")  # a tampered file is refused before any header is sent

    def body():
        yield first
        yield from chunks

    resp = StreamingHttpResponse(body(), content_type=content_type or stored.content_type or
                                 "application/octet-stream")
    resp.headers["Content-Disposition"] = content_disposition_header(True, filename or stored.name)
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    if stored.size:
        resp.headers["Content-Length"] = str(stored.size)
    return resp


def download_response(user, file_id, filename: str | None = None) -> StreamingHttpResponse:
    return response(get_for(user, file_id), filename)


def delete(stored: StoredFile) -> None:
    path_of(stored.key).unlink(missing_ok=True)
    stored.delete()


# ---- retention and cleanup -------------------------------------------------------------------------------------------


def cleanup(now: dt.datetime | None = None) -> dict:
    """Delete expired files and their rows, encrypted files without a row, unfinished writes and stale temporary
    files (uploads a killed process left in MINZHENG_HOME/tmp). Returns the counts."""
    now = now or timezone.now()
    expired = list(StoredFile.objects.filter(expires_at__lte=now).values_list("pk", "key"))
    for start in range(0, len(expired), 500):
        part = expired[start: start + 500]
        for _, key in part:
            path_of(key).unlink(missing_ok=True)
        StoredFile.objects.filter(pk__in=[pk for pk, _ in part]).delete()
    stale_before = time.time() - STALE_TEMP_SECONDS
    known = None
    orphans = temps = 0
    for path in files_dir().glob("*/*"):
        if path.stat().st_mtime > stale_before:
            continue  # a write may be under way
        if path.suffix in (".part", ".rewrap"):
            path.unlink(missing_ok=True)
            orphans += 1
            continue
        if known is None:
            known = set(StoredFile.objects.values_list("key", flat=True))
        if path.suffix == ".mzf" and path.stem not in known:
            path.unlink(missing_ok=True)
            orphans += 1
    for path in home.home_dir("tmp").iterdir():
        if path.is_file() and path.stat().st_mtime <= stale_before:
            path.unlink(missing_ok=True)
            temps += 1
    out = {"expired": len(expired), "orphans": orphans, "temporary": temps}
    if any(out.values()):
        audit.record("system", audit.Event("files_cleanup", "stored_file", "", "", {k: [None, v] for k, v in
                                                                                   out.items()}))
    return out


@jobs.job("files_cleanup")
def cleanup_job(job, progress) -> dict:
    out = cleanup()
    out["display"] = [["删除到期文件", out["expired"]], ["删除无记录文件", out["orphans"]],
                      ["删除临时文件", out["temporary"]]]
    return out


# ---- key rotation ----------------------------------------------------------------------------------------------------


def _needs_rewrap(stored: StoredFile) -> bool:
    return any(crypto.needs_rewrap(blob) for blob, _ in _blobs(path_of(stored.key)))


def reencrypt_all(progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Re-encrypt (under the current key version) every stored file with a segment made under an older one. Each
    file is rewritten to a new name and swapped in, so an interrupted run leaves every file readable and a
    second run continues where the first stopped."""
    rows = list(StoredFile.objects.order_by("pk").values_list("pk", flat=True))
    total, checked, rewritten, missing, bytes_ = len(rows), 0, 0, 0, 0
    for pk in rows:
        stored = StoredFile.objects.filter(pk=pk).first()
        checked += 1
        if stored is None or not path_of(stored.key).exists():
            missing += 1
            continue
        if _needs_rewrap(stored):
            w = _SegmentWriter(stored.key, tmp_suffix=".rewrap")
            try:
                for chunk in iter_plain(stored):
                    w.write(chunk)
                size, _digest, segments = w.finish()
            except Exception:
                w.abort()
                raise
            StoredFile.objects.filter(pk=pk).update(segments=segments)
            rewritten += 1
            bytes_ += size
        if progress is not None:
            progress(checked, total, f"已检查 {checked}/{total} 个文件")
    return {"files": total, "rewritten": rewritten, "missing": missing, "bytes": bytes_}
