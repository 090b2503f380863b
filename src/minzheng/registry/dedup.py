"""Duplicate detection (疑似重复人员) and resolution: the same real person entered twice with different ID numbers.

Exact duplicates cannot exist (the ID number's blind index is unique). Likely duplicates are found in two steps:

1. Blocking, in SQL, set-based (one statement, no all-pairs anywhere): persons of the region subtree (not merged)
   are paired when they have the same sex and share one of these keys —
     B1 same birth date + same name pinyin          (one-digit ID typo, 同音字 names, same name anywhere)
     B2 same birth date + same residence region     (changed given name, homophone in the village)
     B3 same name pinyin + birth date with day and month swapped    (月日颠倒)
     B4 same name pinyin + birth date one day apart                 (±1 day)
     B5 same name pinyin + same residence region, any birth date    (typo in the birth year)
   Same name implies same pinyin, so B1/B3/B4/B5 cover exact names too; persons whose name_pinyin is empty
   (rows written by bulk paths) get it filled first. Every block is an equi-join on a materialised projection of
   the subtree, so PostgreSQL hash-joins it and SQLite builds an automatic index: O(n log n), never O(n²).
2. Scoring, in Python, of the blocked pairs only: the two ID numbers are decrypted (once per person) to compare
   them digit by digit; names, birth dates, residence and household are compared; the score (0–100) and the
   reasons (Chinese, shown as they are) come from the weights below. Pairs scoring at least `min_score` are kept.

Results go to DuplicateCandidate (person_a < person_b, one row per pair): new pairs are inserted, open pairs get
their score and reasons refreshed, decided pairs (merged/dismissed) are never re-opened, and open pairs of the
scanned subtree that no longer qualify are removed. region_code is the deepest region containing both persons,
which scopes who sees the pair.

merge() folds one person into the other (memberships, household headship, incomes, earlier merges) and dismiss()
records a reasoned "not the same person"; both are single audited transactions.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from minzheng.core import clock, crypto, idnumber, regioncodes
from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.registry import codes, names

# Models, services and the audit log are imported inside the functions: the CLI imports this module (for
# register_commands) before Django is set up.

DEFAULT_MIN_SCORE = 60
_CHUNK = 2000  # ids per IN (...) query

# ---- scoring ------------------------------------------------------------------------------------------------
# (points, reason). Name, birth date, ID number and residence each contribute at most one entry; sharing a
# household subtracts. Reasons are stored in Chinese and translated when shown ({% translate %}).
#
# The weights follow how often each signal arises by chance between two different people. People of one
# county born on the same day share the ID number's address code and birth segment, and their 3-digit sequence
# numbers differ in one digit about 1 time in 20 and in two digits most of the time: with the birth date
# already matching, "one digit apart" is corroboration (20), "two digits apart" is none (not scored). The
# birth segment alone differing counts only when the birth dates are themselves related (swap, ±1 day, year).
# Same name + same birth date alone (55) is a frequent coincidence in a county of 10⁶ people; it needs one more
# signal (residence, ID number) to reach the default threshold of 60. Worked examples:
#   ID typo        姓名相同 30 + 出生日期相同 25 + 身份证号仅一位不同 20 (+ 同住一村 10)                  → 75–85
#   15/18 digits   姓名相同 30 + 出生日期相同 25 + 身份证号仅地址码不同 30                              → 85+
#   day/month swap 姓名相同 30 + 出生日期月日颠倒 20 + 身份证号仅出生日期部分不同 20 (+ 同住一村 10)     → 70–80
#   homophone      姓名同音 30 + 出生日期相同 25 + 同住一村 10                                          → 65
#   changed name   姓氏相同 10 + 出生日期相同 25 + 身份证号仅一位不同 20 + 同住一村 10                    → 65
#   neighbours     出生日期相同 25 + 身份证号仅一位不同 20 + 同住一村 10 (different surnames)              → 55
#   twins          姓氏相同 10 + 出生日期相同 25 + 同住一村 10 − 同户 30                                  → 15
# Names without a surname (藏族 扎西次仁, 维吾尔族 阿依古丽·买买提: own name · father's name) change as a whole;
# for them the surname rule becomes "same people" (民族相同, 10), so a changed name still reaches 65.
#   namesakes      姓名相同 30 + 同住一村 10 (different birth dates, unrelated ID numbers)               → 40
# The household rule does not apply to identical names: nobody shares name and birth date with a relative.
NAME_SAME = (30, gettext_noop("姓名相同"))
NAME_HOMOPHONE = (30, gettext_noop("姓名同音"))
NAME_ONE_CHAR = (15, gettext_noop("姓名仅一字不同"))
SURNAME_SAME = (10, gettext_noop("姓氏相同"))
SAME_PEOPLE_NO_SURNAME = (10, gettext_noop("民族相同（姓名不含姓氏）"))
BIRTH_SAME = (25, gettext_noop("出生日期相同"))
BIRTH_SWAP = (20, gettext_noop("出生日期月日颠倒"))
BIRTH_NEXT_DAY = (20, gettext_noop("出生日期相差一天"))
BIRTH_YEAR_ONLY = (10, gettext_noop("出生日期仅年份不同"))
ID_ONE_DIGIT = (20, gettext_noop("身份证号仅一位不同"))
ID_TRANSPOSED = (20, gettext_noop("身份证号相邻两位颠倒"))
ID_ADDRESS_ONLY = (30, gettext_noop("身份证号仅地址码不同（可能为新旧证号）"))
ID_BIRTH_ONLY = (20, gettext_noop("身份证号仅出生日期部分不同"))
SAME_VILLAGE = (10, gettext_noop("同住一村"))
SAME_PLACE = (10, gettext_noop("经常居住地相同"))
SAME_TOWNSHIP = (5, gettext_noop("同一乡镇"))
SAME_HOUSEHOLD = (-30, gettext_noop("同户在册成员（可能为亲属）"))


@dataclass(frozen=True)
class PersonKey:
    """What scoring needs of one person (the ID number in plaintext, held only in memory)."""

    id: int
    name: str
    pinyin: str
    birth_date: dt.date
    sex: str
    region: str
    id_number: str
    ethnicity: str = ""


# Peoples whose names usually carry no surname (GB 3304 codes): 蒙古、藏、维吾尔、哈萨克、柯尔克孜、塔吉克、
# 乌孜别克、塔塔尔、门巴. A name with a middle dot (own·father's name) counts as surname-less too.
NO_SURNAME_ETHNICITIES = frozenset({"02", "04", "05", "17", "29", "41", "43", "50", "54"})


def _no_surname(p: PersonKey) -> bool:
    return "·" in p.name or p.ethnicity in NO_SURNAME_ETHNICITIES


def _name_signal(a: PersonKey, b: PersonKey):
    if a.name == b.name:
        return NAME_SAME
    if a.pinyin and a.pinyin == b.pinyin:
        return NAME_HOMOPHONE
    if len(a.name) == len(b.name) >= 2 and sum(x != y for x, y in zip(a.name, b.name)) == 1:
        return NAME_ONE_CHAR
    if _no_surname(a) and _no_surname(b):
        return SAME_PEOPLE_NO_SURNAME if a.ethnicity and a.ethnicity == b.ethnicity else None
    if a.name[:1] and a.name[:1] == b.name[:1]:
        return SURNAME_SAME
    return None


def _birth_signal(x: dt.date, y: dt.date):
    if x == y:
        return BIRTH_SAME
    if x.year == y.year and x.month == y.day and x.day == y.month:
        return BIRTH_SWAP
    if abs((x - y).days) == 1:
        return BIRTH_NEXT_DAY
    if (x.month, x.day) == (y.month, y.day):
        return BIRTH_YEAR_ONLY
    return None


def id_signal(x: str, y: str):
    """How two (normalised, 18-character) ID numbers relate. The check character is ignored: it follows the
    other 17, so a one-digit typo changes it too."""
    if len(x) != 18 or len(y) != 18 or x == y:
        return None
    diffs = [i for i in range(17) if x[i] != y[i]]
    if len(diffs) == 1:
        return ID_ONE_DIGIT
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and x[diffs[0]] == y[diffs[1]] and x[diffs[1]] == y[diffs[0]]:
        return ID_TRANSPOSED
    if diffs and diffs[-1] < 6:  # birth date and sequence equal: an old (15-digit era) card of another county
        return ID_ADDRESS_ONLY
    if diffs and diffs[0] >= 6 and diffs[-1] < 14:
        return ID_BIRTH_ONLY
    return None


def _place_signal(x: str, y: str):
    if x == y:
        return SAME_VILLAGE if regioncodes.level_of(x) == "village" else SAME_PLACE
    if x[:9] == y[:9] and x[6:9] != "000":
        return SAME_TOWNSHIP
    return None


def score_pair(a: PersonKey, b: PersonKey, same_household: bool = False) -> tuple[int, list[str]]:
    """Score 0–100 and the reasons (Chinese) for two person records being the same real person."""
    name, birth = _name_signal(a, b), _birth_signal(a.birth_date, b.birth_date)
    ids = id_signal(a.id_number, b.id_number)
    if ids is ID_BIRTH_ONLY and birth in (None, BIRTH_SAME):
        ids = None  # unrelated birth dates: a shared sequence number is a coincidence
    household = SAME_HOUSEHOLD if same_household and name is not NAME_SAME else None
    signals = [s for s in (name, birth, ids, _place_signal(a.region, b.region), household) if s]
    score = sum(points for points, _ in signals)
    return max(0, min(100, score)), [reason for _, reason in signals]


def common_region(x: str, y: str) -> str:
    """The deepest region code (12 characters) whose subtree holds both codes."""
    best = ""
    for level in regioncodes.LEVELS:
        n = regioncodes.LEVEL_LENGTH[level]
        if x[:n] != y[:n]:
            break
        best = x[:n]
    return best.ljust(12, "0")


# ---- blocking (SQL) -----------------------------------------------------------------------------------------

def _date_expressions() -> tuple[str, str]:
    """SQL for (birth date + 1 day, birth date with day and month swapped or NULL), comparable with birth_date."""
    if connection.vendor == "postgresql":
        nxt = "birth_date + 1"
        swap = ("CASE WHEN EXTRACT(DAY FROM birth_date) <= 12 AND EXTRACT(DAY FROM birth_date) <> "
                "EXTRACT(MONTH FROM birth_date) THEN make_date(EXTRACT(YEAR FROM birth_date)::int, "
                "EXTRACT(DAY FROM birth_date)::int, EXTRACT(MONTH FROM birth_date)::int) END")
    elif connection.vendor == "sqlite":  # dates are stored as 'YYYY-MM-DD' text
        nxt = "date(birth_date, '+1 day')"
        swap = ("CASE WHEN CAST(substr(birth_date, 9, 2) AS INTEGER) <= 12 AND substr(birth_date, 9, 2) <> "
                "substr(birth_date, 6, 2) THEN substr(birth_date, 1, 5) || substr(birth_date, 9, 2) || '-' || "
                "substr(birth_date, 6, 2) END")
    else:  # only SQLite and PostgreSQL are supported (settings._database)
        raise ImproperlyConfigured(f"不支持的数据库：{connection.vendor}（仅支持 SQLite 和 PostgreSQL）")
    return nxt, swap


def _blocking_sql() -> str:
    from minzheng.registry.models import Person

    nxt, swap = _date_expressions()
    table = connection.ops.quote_name(Person._meta.db_table)
    pair = "SELECT a.id, b.id FROM p a JOIN p b ON "
    return (
        "WITH p AS MATERIALIZED (SELECT id, name_pinyin AS py, birth_date AS bd, sex, region_id AS rg, "
        f"{nxt} AS bd_next, {swap} AS bd_swap FROM {table} "
        "WHERE region_id >= %s AND region_id < %s AND merged_into_id IS NULL) "
        # B1 same birth date + pinyin
        f"{pair}b.bd = a.bd AND b.sex = a.sex AND b.py = a.py AND a.py <> '' AND b.id > a.id "
        # B2 same birth date + residence
        f"UNION {pair}b.bd = a.bd AND b.sex = a.sex AND b.rg = a.rg AND b.id > a.id "
        # B3 day/month swapped (symmetric: the lower id is always a)
        f"UNION {pair}b.bd = a.bd_swap AND b.sex = a.sex AND b.py = a.py AND a.py <> '' AND b.id > a.id "
        # B4 one day apart, either person may be the older one: order the pair afterwards
        "UNION SELECT CASE WHEN a.id < b.id THEN a.id ELSE b.id END, CASE WHEN a.id < b.id THEN b.id ELSE a.id END "
        "FROM p a JOIN p b ON b.bd = a.bd_next AND b.sex = a.sex AND b.py = a.py AND a.py <> '' "
        # B5 same pinyin + residence, any birth date
        f"UNION {pair}b.rg = a.rg AND b.sex = a.sex AND b.py = a.py AND a.py <> '' AND b.id > a.id"
    )


def _subtree_bounds(code12: str) -> tuple[str, str]:
    lookup = regioncodes.subtree_lookup("x", code12)
    return lookup["x__gte"], lookup["x__lt"]


def blocked_pairs(code12: str) -> list[tuple[int, int]]:
    """Candidate pairs (lower id first) of non-merged persons living in the subtree of code12."""
    low, high = _subtree_bounds(code12)
    if connection.vendor != "postgresql":
        # SQLite plans the equi-joins over the materialised CTE with automatic (temporary) indexes.
        with connection.cursor() as cursor:
            cursor.execute(_blocking_sql(), [low, high])
            return [(a, b) for a, b in cursor.fetchall()]
    # PostgreSQL: right after a bulk load, before autovacuum has analysed the table, the planner believes it is
    # nearly empty and nests loops over the CTE — O(n²), hours for a county. Hash/merge joins are always right
    # here, and JIT compilation only adds seconds. SET LOCAL needs a transaction; RESET so that an enclosing
    # transaction gets its settings back.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_blocking_sql(), [low, high])
        pairs = [(a, b) for a, b in cursor.fetchall()]
        cursor.execute("RESET enable_nestloop")  # (on error the rollback undoes the SET LOCALs)
        cursor.execute("RESET jit")
    return pairs


def _fill_missing_pinyin(code12: str) -> int:
    """name_pinyin is a blocking key: fill it where a bulk path left it empty."""
    from minzheng.registry.models import Person

    low, high = _subtree_bounds(code12)
    rows = list(Person.objects.filter(region_id__gte=low, region_id__lt=high, name_pinyin="")
                .exclude(name="").only("id", "name"))
    for person in rows:
        person.name_pinyin = names.pinyin_key(person.name)
    rows = [p for p in rows if p.name_pinyin]
    if rows:
        Person.objects.bulk_update(rows, ["name_pinyin"], batch_size=1000)
    return len(rows)


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _decrypt(blob) -> str:
    try:
        return crypto.decrypt(blob) or ""
    except ValueError:  # unreadable ciphertext: compare on the other fields only
        return ""


def _person_keys(ids: list[int]) -> dict[int, PersonKey]:
    from minzheng.registry.models import Person

    out: dict[int, PersonKey] = {}
    for chunk in _chunks(ids):
        for pk, name, py, born, sex, region, enc, ethnic in Person.objects.filter(pk__in=chunk).values_list(
                "id", "name", "name_pinyin", "birth_date", "sex", "region_id", "id_number_enc", "ethnicity"):
            out[pk] = PersonKey(pk, name, py or names.pinyin_key(name), born, sex, region, _decrypt(enc), ethnic)
    return out


def _active_households(ids: list[int]) -> dict[int, int]:
    from minzheng.registry.models import Membership

    out: dict[int, int] = {}
    for chunk in _chunks(ids):
        out.update(Membership.objects.filter(person_id__in=chunk, left_on__isnull=True)
                   .values_list("person_id", "household_id"))
    return out


def _region_code(value: Any) -> str:
    from minzheng.core.models import Region

    try:
        code12 = regioncodes.normalize(value)
    except regioncodes.RegionCodeError as exc:
        raise ValidationFailed.one("region_code", str(exc)) from None
    if not Region.objects.filter(code=code12).exists():
        raise ValidationFailed.one("region_code", f"区划代码 {value} 不存在")
    return code12


def find_candidates(actor, region_code, min_score: int = DEFAULT_MIN_SCORE) -> dict[str, Any]:
    """Scan the subtree of region_code for likely duplicates and store them as DuplicateCandidate rows.

    actor None = the system (CLI); a user needs people.change and the region inside their own scope.
    Returns a summary: persons scanned, pairs_checked (blocked pairs scored), candidates (pairs ≥ min_score),
    created / updated / unchanged / kept_decided (already merged or dismissed, left alone) / removed (open
    pairs that no longer qualify), seconds."""
    from minzheng.core import audit
    from minzheng.registry.models import DuplicateCandidate, Person
    from minzheng.registry.services import require_change

    started = time.monotonic()
    code12 = _region_code(region_code)
    if actor is not None:
        require_change(actor)
        if not regioncodes.in_subtree(code12, actor.region_id):
            raise NotFound(f"区划 {region_code} 不在您的管辖范围内")
    min_score = max(0, min(100, int(min_score)))
    low, high = _subtree_bounds(code12)

    filled = _fill_missing_pinyin(code12)
    pairs = blocked_pairs(code12)
    ids = sorted({i for pair in pairs for i in pair})
    keys = _person_keys(ids)
    homes = _active_households(ids)
    found: dict[tuple[int, int], tuple[int, list[str], str]] = {}
    for a_id, b_id in pairs:
        a, b = keys[a_id], keys[b_id]
        same_home = a_id in homes and homes.get(a_id) == homes.get(b_id)
        score, reasons = score_pair(a, b, same_home)
        if score >= min_score:
            found[(a_id, b_id)] = (score, reasons, common_region(a.region, b.region))

    persons = Person.objects.filter(region_id__gte=low, region_id__lt=high, merged_into__isnull=True).count()
    summary = {"region": code12, "persons": persons, "pairs_checked": len(pairs), "candidates": len(found),
               "min_score": min_score, "pinyin_filled": filled}
    with transaction.atomic():
        existing = {(c.person_a_id, c.person_b_id): c for c in DuplicateCandidate.objects.filter(
            person_a__region_id__gte=low, person_a__region_id__lt=high)}
        to_create, to_update, unchanged, decided = [], [], 0, 0
        for (a_id, b_id), (score, reasons, region) in found.items():
            row = existing.get((a_id, b_id))
            if row is None:
                to_create.append(DuplicateCandidate(person_a_id=a_id, person_b_id=b_id, region_code=region,
                                                    score=score, reasons=reasons))
            elif row.status != "open":
                decided += 1  # a decision stands: never re-open a dismissed or merged pair
            elif (row.score, row.reasons, row.region_code) != (score, reasons, region):
                row.score, row.reasons, row.region_code = score, reasons, region
                to_update.append(row)
            else:
                unchanged += 1
        # Open pairs of this subtree that no longer qualify (a record was corrected, merged, moved away).
        stale = [row.pk for key, row in existing.items() if row.status == "open" and key not in found]
        stale_ids = set()
        for chunk in _chunks(stale):
            stale_ids.update(DuplicateCandidate.objects.filter(
                pk__in=chunk, person_b__region_id__gte=low, person_b__region_id__lt=high).values_list("pk", flat=True))
        for chunk in _chunks(sorted(stale_ids)):
            DuplicateCandidate.objects.filter(pk__in=chunk, status="open").delete()
        DuplicateCandidate.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        DuplicateCandidate.objects.bulk_update(to_update, ["score", "reasons", "region_code"], batch_size=1000)
        summary.update(created=len(to_create), updated=len(to_update), unchanged=unchanged, kept_decided=decided,
                       removed=len(stale_ids), seconds=round(time.monotonic() - started, 2))
        audit.record(actor, audit.Event("dedup_scan", "region", code12, code12, dict(summary)))
    return summary


# ---- reads --------------------------------------------------------------------------------------------------

def candidates_for(user):
    from minzheng.registry.models import DuplicateCandidate
    from minzheng.registry.selectors import require_people_access

    require_people_access(user)
    return DuplicateCandidate.objects.visible_to(user)


def search_candidates(user, *, status: str = "open", min_score: Any = "", region_code: str = ""):
    from minzheng.registry.models import DuplicateCandidate

    qs = candidates_for(user)
    if status in DuplicateCandidate.STATUS:
        qs = qs.filter(status=status)
    if str(min_score).strip():
        try:
            qs = qs.filter(score__gte=int(str(min_score).strip()))
        except ValueError:
            pass
    if region_code:
        try:
            qs = qs.filter(**regioncodes.subtree_lookup("region_code", regioncodes.normalize(region_code)))
        except regioncodes.RegionCodeError:
            return qs.none()
    return qs.select_related("person_a", "person_a__region", "person_b", "person_b__region").order_by(
        "-score", "region_code", "id")


def get_candidate(user, candidate_id):
    row = candidates_for(user).select_related("person_a", "person_a__region", "person_b", "person_b__region").filter(
        pk=candidate_id).first()
    if row is None:
        raise NotFound()
    return row


# ---- decisions ----------------------------------------------------------------------------------------------

def _open_candidate(actor, candidate_id):
    from minzheng.registry.models import DuplicateCandidate

    row = DuplicateCandidate.objects.visible_to(actor).select_for_update().filter(pk=candidate_id).first()
    if row is None:
        raise NotFound()
    if row.status != "open":
        raise Conflict(f"该疑似重复记录已处理（{DuplicateCandidate.STATUS[row.status]}），不能重复处理")
    return row


def _scoped_persons(actor, ids: list[int]) -> dict:
    """Both persons, locked, inside the actor's scope and not merged away — else 404."""
    from minzheng.registry.models import Person

    persons = {p.pk: p for p in Person.objects.visible_to(actor).select_for_update().filter(pk__in=ids)}
    if len(persons) != len(set(ids)):
        raise NotFound()
    return persons


def merge(actor, candidate_id, keep_person_id, note: str = ""):
    """Fold the other person of the pair into keep_person_id (memberships, headship, incomes, earlier merges),
    mark it merged_into the kept person, close the pair and dismiss the duplicate's other open pairs. Audited.
    Returns the kept person."""
    from minzheng.core import audit
    from minzheng.registry.models import DuplicateCandidate, Household, Income, Membership, Person
    from minzheng.registry.services import person_snapshot, require_change

    require_change(actor)
    note = (note or "").strip()[:200]
    with transaction.atomic():
        cand = _open_candidate(actor, candidate_id)
        try:
            keep_id = int(keep_person_id)
        except (TypeError, ValueError):
            keep_id = None
        if keep_id not in (cand.person_a_id, cand.person_b_id):
            raise ValidationFailed.one("keep_person_id", "请选择保留这一对记录中的哪一人")
        dup_id = cand.person_b_id if keep_id == cand.person_a_id else cand.person_a_id
        persons = _scoped_persons(actor, [keep_id, dup_id])
        keep, dup = persons[keep_id], persons[dup_id]
        today = clock.today()
        details: dict[str, Any] = {"merged_into": [None, keep.pk], "candidate": cand.pk, "score": cand.score,
                                   "reasons": cand.reasons, "note": note,
                                   "kept": {"id": keep.pk, **person_snapshot(keep)},
                                   "duplicate": {"id": dup.pk, **person_snapshot(dup)}}

        # Memberships: at most one active household per person, so settle the active ones first.
        keep_active = Membership.objects.filter(person=keep, left_on__isnull=True).first()
        dup_active = Membership.objects.filter(person=dup, left_on__isnull=True).select_related("household").first()
        if keep_active and dup_active and keep_active.household_id != dup_active.household_id:
            raise Conflict(f"两条记录分别是家庭 #{keep_active.household_id} 和家庭 #{dup_active.household_id} 的在册成员："
                           f"请先将其中一人从家庭中移出或迁移，再合并")
        if keep_active and dup_active:  # same household: end the duplicate's membership
            dup_active.left_on = max(today, dup_active.joined_on)
            dup_active.leave_reason = "重复登记，已合并"
            dup_active.save(update_fields=["left_on", "leave_reason"])
            details["membership_ended"] = {"household": dup_active.household_id, "relation": dup_active.relation}
            if dup_active.relation == codes.HEAD:  # the kept record takes over as head
                details["head_relation"] = [keep_active.relation, codes.HEAD]
                keep_active.relation = codes.HEAD
                keep_active.save(update_fields=["relation"])
        moved = list(Membership.objects.filter(person=dup).order_by("joined_on", "id").values_list(
            "id", "household_id", "joined_on", "left_on"))
        Membership.objects.filter(person=dup).update(person=keep)
        details["memberships_moved"] = [{"id": m, "household": h, "joined_on": j, "left_on": left}
                                        for m, h, j, left in moved]
        headed = list(Household.objects.filter(head=dup).values_list("id", flat=True))
        if headed:
            Household.objects.filter(pk__in=headed).update(head=keep, updated_at=timezone.now())
            details["households_head"] = headed

        # Incomes: on a (kind, year) clash the kept person's row stays; the dropped values go to the audit entry.
        kept_kinds = set(Income.objects.filter(person=keep).values_list("kind", "year"))
        dropped, moved_incomes = [], []
        for inc in Income.objects.filter(person=dup).order_by("year", "kind", "id"):
            if (inc.kind, inc.year) in kept_kinds:
                dropped.append({"kind": inc.kind, "year": inc.year, "annual_amount": inc.annual_amount,
                                "source": inc.source})
                inc.delete()
            else:
                moved_incomes.append(inc.pk)
        Income.objects.filter(pk__in=moved_incomes).update(person=keep)
        details["incomes_moved"] = len(moved_incomes)
        if dropped:
            details["incomes_dropped"] = dropped

        # Records merged earlier into the duplicate now point at the surviving person.
        earlier = list(Person.objects.filter(merged_into=dup).values_list("id", flat=True))
        if earlier:
            Person.objects.filter(pk__in=earlier).update(merged_into=keep, updated_at=timezone.now())
            details["earlier_merges"] = earlier
        dup.merged_into = keep
        dup.save(update_fields=["merged_into", "updated_at"])

        now = timezone.now()
        who = getattr(actor, "username", "")
        cand.status, cand.decided_by, cand.decided_at, cand.note = "merged", who, now, note
        cand.save(update_fields=["status", "decided_by", "decided_at", "note"])
        others = list(DuplicateCandidate.objects.filter(Q(person_a=dup) | Q(person_b=dup), status="open")
                      .exclude(pk=cand.pk).values_list("id", flat=True))
        if others:
            DuplicateCandidate.objects.filter(pk__in=others).update(status="dismissed", decided_by=who,
                                                                    decided_at=now, note="已合并")
            details["candidates_dismissed"] = others
        audit.record_many(actor, [
            audit.Event("merge", "person", dup.pk, dup.region_id, details),
            audit.Event("merge", "person", keep.pk, keep.region_id,
                        {"absorbed": [None, dup.pk], "candidate": cand.pk, "note": note}),
        ])
    return keep


def dismiss(actor, candidate_id, note: str):
    """Record that the pair are two different people; a later scan never re-opens it. A reason is required."""
    from minzheng.core import audit
    from minzheng.registry.services import require_change

    require_change(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed.one("note", "请填写排除理由（如 双胞胎、同名不同人）")
    if len(note) > 200:
        raise ValidationFailed.one("note", "排除理由不能超过 200 个字符")
    with transaction.atomic():
        cand = _open_candidate(actor, candidate_id)
        _scoped_persons(actor, [cand.person_a_id, cand.person_b_id])
        cand.status, cand.decided_by, cand.decided_at, cand.note = (
            "dismissed", getattr(actor, "username", ""), timezone.now(), note)
        cand.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit.record(actor, audit.Event("dedup_dismiss", "duplicate_candidate", cand.pk, cand.region_code, {
            "status": ["open", "dismissed"], "persons": [cand.person_a_id, cand.person_b_id], "score": cand.score,
            "note": note}))
    return cand


# ---- CLI ----------------------------------------------------------------------------------------------------

def masked_id(person) -> str:
    return idnumber.mask(_decrypt(person.id_number_enc))


def cmd_dedup(args) -> int:
    from minzheng.registry.models import DuplicateCandidate

    summary = find_candidates(None, args.region, min_score=args.min_score)
    low, high = _subtree_bounds(summary["region"])
    rows = (DuplicateCandidate.objects.filter(region_code__gte=low, region_code__lt=high, status="open",
                                              score__gte=summary["min_score"])
            .select_related("person_a", "person_b").order_by("-score", "id"))
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
    s.add_argument("--min-score", type=int, default=DEFAULT_MIN_SCORE, help=f"最低相似度 0–100（默认 {DEFAULT_MIN_SCORE}）")
    s.add_argument("--json", action="store_true", help="每对疑似重复输出一行 JSON")
    s.set_defaults(func=cmd_dedup)
