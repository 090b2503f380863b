"""`minzheng dedup --region CODE [--min-score N] [--json]`: scan a region subtree as the system, print the open
pairs (ID numbers masked) and a JSON summary line."""

from __future__ import annotations

import json
import sys

from minzheng.core import idnumber
from minzheng.registry.dedup.scoring import DEFAULT_MIN_SCORE

# The finder and the selectors (models) are imported when the command runs, not when the parser is built.


def masked_id(person) -> str:
    from minzheng.registry.dedup import finder

    return idnumber.mask(finder.decrypt_or_blank(person.id_number_enc, person.id_number_index))


def cmd_dedup(args) -> int:
    from minzheng.registry import selectors
    from minzheng.registry.dedup import finder

    summary = finder.find_candidates(None, args.region, min_score=args.min_score)
    rows = selectors.open_candidates_in(summary["region"], summary["min_score"])
    out = sys.stdout
    for c in rows.iterator(chunk_size=1000):
        a, b = c.person_a, c.person_b
        if args.json:
            out.write(json.dumps({"id": c.pk, "score": c.score, "region": c.region_code,
                                  "person_a": {"id": a.pk, "name": a.name, "id_number": masked_id(a)},
                                  "person_b": {"id": b.pk, "name": b.name, "id_number": masked_id(b)},
                                  "reasons": c.reasons}, ensure_ascii=False) + "\n")
        else:
            out.write(f"#{c.pk}\t{c.score}\t[{a.pk}] {a.name} {masked_id(a)}\t[{b.pk}] {b.name} {masked_id(b)}\t"
                      f"{'；'.join(c.reasons)}\n")
    out.write(json.dumps({"region": summary["region"], "pairs_checked": summary["pairs_checked"],
                          "candidates": summary["candidates"], "seconds": summary["seconds"],
                          "persons": summary["persons"], "created": summary["created"],
                          "updated": summary["updated"], "removed": summary["removed"],
                          "kept_decided": summary["kept_decided"]}, ensure_ascii=False) + "\n")
    return 0


def register_commands(subparsers) -> None:
    s = subparsers.add_parser("dedup", help="查找疑似重复人员（同一人以不同身份证号重复登记）")
    s.add_argument("--region", required=True, help="区划代码（2/4/6/9/12 位），在其下全部人员中查找")
    s.add_argument("--min-score", type=int, default=DEFAULT_MIN_SCORE,
                   help=f"最低相似度 0–100（默认 {DEFAULT_MIN_SCORE}）")
    s.add_argument("--json", action="store_true", help="每对疑似重复输出一行 JSON")
    s.set_defaults(func=cmd_dedup)
