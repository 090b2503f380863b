"""Shared fixtures live in the repository's root conftest.py; these names are re-exported for older imports."""

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, VILLAGE_C, VILLAGE_OTHER_COUNTY, ensure_regions, make_id  # noqa: F401
