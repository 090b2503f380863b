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

The package: `scoring` (pure: signals, weights, reasons), `finder` (blocking, scoring the blocked pairs, storing
the candidates), `cli` (`minzheng dedup`). Reading candidates is registry.selectors' (`candidates_for`,
`get_candidate`); deciding them is registry.services' (`merge_duplicate` folds one person into the other —
memberships, household headship, incomes, earlier merges —, `dismiss_duplicate` records a reasoned "not the same
person"; both single audited transactions).
"""

