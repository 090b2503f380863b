"""Re-keying the feed lake after a blind-index key rotation (`minzheng keys rotate --index`, core.keys_cli).

The lake stores no ID numbers, only `id_index` under the index key, so it cannot be recomputed from the files
themselves. The registry can: for every registered person the rotation hands over old index → new index, and each
snapshot file is rewritten with it (sorted again by id_index, temporary file + rename). Rows of people who are not
in the registry cannot be re-keyed — nobody holds their ID number — and could never match a registered person again,
so they are dropped and counted. Load a fresh department extract if such people are registered later. A rerun
keeps rows already carrying new indexes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from minzheng.verification.models import FeedSnapshot


def rewrite_lake(mapping: dict[str, str], report=None) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    started = time.perf_counter()
    new_values = set(mapping.values())
    files = rows = kept = dropped = size = 0
    for path in sorted(set(FeedSnapshot.objects.values_list("path", flat=True))):
        p = Path(path)
        if not p.exists():
            continue
        table = pq.read_table(p)
        if "id_index" not in table.column_names:
            continue
        old = table["id_index"].to_pylist()
        new = [mapping.get(v) or (v if v in new_values else None) for v in old]
        keep = pa.array([v is not None for v in new])
        column = pa.array(new, type=table.schema.field("id_index").type)
        table = table.set_column(table.column_names.index("id_index"), "id_index", column).filter(keep)
        table = table.take(pc.sort_indices(table, [("id_index", "ascending")]))
        tmp = p.with_suffix(".parquet.tmp")
        pq.write_table(table, tmp, row_group_size=10_000)
        os.replace(tmp, p)
        files += 1
        rows += len(old)
        kept += table.num_rows
        dropped += len(old) - table.num_rows
        size += p.stat().st_size
        if report:
            report(f"数据湖 {p.name}：保留 {table.num_rows} 行")
    return {"files": files, "rows": rows, "rows_rekeyed": kept, "rows_dropped_not_in_registry": dropped,
            "bytes": size, "seconds": round(time.perf_counter() - started, 2)}
