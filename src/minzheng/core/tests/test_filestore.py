"""The encrypted file store (issue 11, defect 3): segmented SM4-GCM bound to the file and the segment's position,
owner-only files, scoped downloads, retention and cleanup, re-encryption for key rotation, bounded memory; and the
one formula-safe rule of core.spreadsheets (defect 1) with reading errors in Chinese (defect 12)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import struct
import tempfile
import time
import tracemalloc

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from minzheng import cli
from minzheng.core import crypto, filestore, roles, spreadsheets
from minzheng.core.errors import NotFound
from minzheng.core.models import AuditEntry, StoredFile

pytestmark = pytest.mark.django_db
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def small_segments(settings):
    settings.MINZHENG_FILE_SEGMENT_BYTES = 4096


def _segments(path) -> list[bytes]:
    raw = path.read_bytes()[4:]
    out = []
    while raw:
        (n,) = struct.unpack(">I", raw[:4])
        out.append(raw[:4 + n])
        raw = raw[4 + n:]
    return out


def test_round_trip_in_segments_owner_only_and_not_plaintext(small_segments, make_user):
    user = make_user(roles.COUNTY, "330902000000")
    data = os.urandom(10_000) + b"330902198001010011" + os.urandom(5000)
    stored = filestore.save([data[:7000], data[7000:]], category="import", name="名单.csv", actor=user)
    path = filestore.path_of(stored.key)
    assert stored.size == len(data) and stored.segments == 4 and stored.region_code == "330902000000"
    assert path.stat().st_mode & 0o777 == 0o600 and filestore.files_dir().stat().st_mode & 0o777 == 0o700
    assert b"330902198001010011" not in path.read_bytes()
    assert filestore.read_bytes(stored) == data
    assert abs(stored.expires_at - stored.created_at - dt.timedelta(days=7)) < dt.timedelta(seconds=5)
    with filestore.spooled(stored) as fh:
        assert fh.read() == data
    empty = filestore.save(b"", category="export", name="empty.csv", actor=user)
    assert filestore.read_bytes(empty) == b"" and empty.segments == 1


def test_reordered_truncated_swapped_or_edited_segments_are_refused(small_segments, make_user):
    user = make_user(roles.COUNTY, "330902000000")
    a = filestore.save(os.urandom(12_000), category="import", name="a.csv", actor=user)
    b = filestore.save(os.urandom(12_000), category="import", name="b.csv", actor=user)
    pa, pb = filestore.path_of(a.key), filestore.path_of(b.key)
    original = pa.read_bytes()
    segs = _segments(pa)
    cases = {
        "reordered": filestore.MAGIC + segs[1] + segs[0] + b"".join(segs[2:]),
        "truncated": filestore.MAGIC + b"".join(segs[:-1]),  # the new last segment was not written as last
        "swapped": pb.read_bytes(),  # another file's ciphertext under this file's name
        "edited": original[:-5] + bytes([original[-5] ^ 1]) + original[-4:],
        "cut": original[:-3],
        "not ours": b"<html>",
    }
    for label, raw in cases.items():
        pa.write_bytes(raw)
        with pytest.raises(filestore.TamperedFile):
            filestore.read_bytes(a)
        assert label
    pa.write_bytes(original)
    StoredFile.objects.filter(pk=a.pk).update(sha256="0" * 64)
    a.refresh_from_db()
    with pytest.raises(filestore.TamperedFile):
        filestore.read_bytes(a)


def test_a_failed_write_leaves_nothing(make_user):
    user = make_user(roles.COUNTY, "330902000000")
    before = {p for p in filestore.files_dir().rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError), filestore.writer("bank_file", "x.csv", actor=user) as out:
        out.write(b"6222020200001234567")
        raise RuntimeError("half-written")
    with filestore.writer("bank_file", "y.csv", actor=user) as out:
        out.write(b"void")
        out.abort()
    assert out.stored is None and not StoredFile.objects.exists()
    assert {p for p in filestore.files_dir().rglob("*") if p.is_file()} == before
    with pytest.raises(ValueError):
        filestore.writer("nonsense", "z")


def test_only_the_owner_in_their_region_may_download(make_user):
    owner = make_user(roles.COUNTY, "330902000000")
    stored = filestore.save(b"a,b\n", category="bank_file", name="代发文件-1.csv", actor=owner)
    response = filestore.download_response(owner, stored.pk)
    assert b"".join(response.streaming_content) == b"a,b\n"
    assert response["Cache-Control"] == "no-store" and "attachment" in response["Content-Disposition"]
    for other in (make_user(roles.COUNTY, "330902000000"), make_user(roles.CITY, "330900000000"),
                  make_user(roles.COUNTY, "330903000000")):
        with pytest.raises(NotFound):
            filestore.get_for(other, stored.pk)
    for bad in ("abc", 2**70, -1, None):
        with pytest.raises(NotFound):
            filestore.get_for(owner, bad)


def test_cleanup_deletes_expired_files_orphans_and_stale_temporaries(make_user, settings, capsys):
    user = make_user(roles.COUNTY, "330902000000")
    expired = filestore.save(b"old", category="import", name="old.csv", actor=user)
    fresh = filestore.save(b"new", category="import", name="new.csv", actor=user)
    kept = filestore.save(b"%PDF-1.4", category="case_document", name="id.pdf", actor=user)
    assert kept.expires_at is None
    StoredFile.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    orphan = filestore.path_of("ab" + "0" * 30)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"MZF1")
    stale = filestore.home.home_dir("tmp") / "upload.csv"
    stale.write_bytes(b"330902198001010011")
    old = time.time() - filestore.STALE_TEMP_SECONDS - 60
    for p in (orphan, stale):
        os.utime(p, (old, old))
    assert cli.main(["files", "list", "--expired"]) == 0
    assert [f["name"] for f in json.loads(capsys.readouterr().out)] == ["old.csv"]
    assert cli.main(["files", "cleanup"]) == 0
    assert json.loads(capsys.readouterr().out) == {"expired": 1, "orphans": 1, "temporary": 1}
    assert set(StoredFile.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not filestore.path_of(expired.key).exists() and not orphan.exists() and not stale.exists()
    assert filestore.path_of(fresh.key).exists() and filestore.path_of(kept.key).exists()
    assert AuditEntry.objects.filter(action="files_cleanup").count() == 1
    assert filestore.cleanup() == {"expired": 0, "orphans": 0, "temporary": 0}
    settings.MINZHENG_FILE_RETENTION_DAYS = {**settings.MINZHENG_FILE_RETENTION_DAYS, "import": 1}
    short = filestore.save(b"x", category="import", name="x.csv", actor=user)
    assert abs(short.expires_at - short.created_at - dt.timedelta(days=1)) < dt.timedelta(seconds=5)


def test_reencrypt_all_rewrites_files_under_an_older_key_version(small_segments, make_user, monkeypatch):
    user = make_user(roles.COUNTY, "330902000000")
    data = os.urandom(9000)
    stored = filestore.save(data, category="bank_return", name="r.csv", actor=user)
    before = filestore.path_of(stored.key).read_bytes()
    assert filestore.reencrypt_all() == {"files": 1, "rewritten": 0, "missing": 0, "bytes": 0}
    monkeypatch.setattr(crypto, "needs_rewrap", lambda blob: True)  # as if made under the previous key version
    seen = []
    assert filestore.reencrypt_all(progress=lambda d, t, m: seen.append((d, t))) == {
        "files": 1, "rewritten": 1, "missing": 0, "bytes": len(data)}
    after = filestore.path_of(stored.key).read_bytes()
    assert after != before and filestore.read_bytes(stored) == data and seen == [(1, 1)]
    assert filestore.path_of(stored.key).stat().st_mode & 0o777 == 0o600
    assert not list(filestore.path_of(stored.key).parent.glob("*.rewrap"))


def test_a_large_file_is_never_held_in_memory_whole(make_user):
    """A 32 MB upload passes through the store a segment at a time (peak far below the file's size)."""
    user = make_user(roles.COUNTY, "330902000000")
    block = os.urandom(1 << 20)
    tracemalloc.start()
    try:
        stored = filestore.save((block for _ in range(32)), category="import", name="big.csv", actor=user)
        _, written_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        size = sum(len(c) for c in filestore.iter_plain(stored))
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size == 32 << 20 and stored.segments == 32
    assert written_peak < 8 << 20 and read_peak < 8 << 20, (written_peak, read_peak)


# ---- the formula-safe rule and reading errors ------------------------------------------------------------------------


def test_every_writer_defuses_formulas_xlsx_and_csv(tmp_path):
    rows = [[text, 5, "正常"] for text in HOSTILE]
    spreadsheets.write_rows(tmp_path / "out.xlsx", ["名称", "数量", "备注"], rows)
    sheet = load_workbook(tmp_path / "out.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    read_back = [sheet.cell(r, 1).value for r in range(2, 2 + len(HOSTILE))]
    assert read_back[:5] == ["'" + t for t in HOSTILE[:5]] and read_back[5] in ("'\rx", "'\nx")  # XML: CR → LF
    assert sheet.cell(2, 2).value == 5 and sheet.cell(2, 2).data_type == "n"
    spreadsheets.write_rows(tmp_path / "out.csv", ["名称", "数量", "备注"], rows)
    read = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert [r[0] for r in read[1:]] == ["'" + t for t in HOSTILE] and read[1][1] == "5"
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o600
    assert spreadsheets.safe_text("张三") == "张三" and spreadsheets.safe_text("a=b") == "a=b"


def test_writing_xlsx_leaves_no_plaintext_temp_file(tmp_path, monkeypatch):
    """openpyxl's write-only mode puts each sheet's XML in a named file under the temp dir until saved."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    seen = []

    def rows():
        for i in range(3000):
            if i == 2999:
                seen.extend(temp.iterdir())  # while the workbook is being written
            yield ["330902198001010011", i]

    buffer = io.BytesIO()
    spreadsheets.write_xlsx(buffer, ["身份证号", "序号"], rows())
    assert seen == [] and list(temp.iterdir()) == []
    assert load_workbook(io.BytesIO(buffer.getvalue())).active.max_row == 3001


@pytest.mark.parametrize("name,data", [
    ("a.xlsx", b"PK\x03\x04" + b"\x00" * 100),
    ("a.xlsx", b"<html><body>not a workbook</body></html>"),
    ("a.csv", b"\xff\xfe\x00\xd8\x00\x00garbage\x00"),
    ("a.csv", b'a,b\n"unterminated\x00,1\n'),
])
def test_a_corrupt_file_is_a_chinese_reason_without_library_text(name, data):
    with pytest.raises(spreadsheets.UnreadableFile) as info:
        _header, rows = spreadsheets.iter_rows(io.BytesIO(data), name)
        list(rows)
    message = str(info.value)
    assert message.startswith(("无法读取", "文件编码无法识别")), message
    assert all(word not in message for word in ("zip", "Error", "/", "line", "codec", "openpyxl")), message


def test_a_sheet_damaged_after_its_header_is_a_chinese_reason(tmp_path):
    book = Workbook()
    book.active.append(["区划代码"])
    for i in range(2000):
        book.active.append([f"3309020010{i:02d}"])
    book.save(tmp_path / "ok.xlsx")
    raw = (tmp_path / "ok.xlsx").read_bytes()
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.endswith("sheet1.xml"):
                body = body[: len(body) // 2]  # the rows stop mid-element
            dst.writestr(item, body)
    with pytest.raises(spreadsheets.UnreadableFile, match="无法读取 Excel 文件"):
        _header, rows = spreadsheets.iter_rows(io.BytesIO(out.getvalue()), "cut.xlsx")
        list(rows)
