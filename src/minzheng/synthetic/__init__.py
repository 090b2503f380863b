"""Synthetic data for demos, tests and benchmarks, in one place: people and households, cases and entitlements,
department feeds, and the demo standards file for the five plan areas."""

from pathlib import Path

DEMO_STANDARDS = Path(__file__).with_name("data") / "demo_standards.csv"
