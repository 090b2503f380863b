"""Moved: the case workflow's tests are in src/minzheng/benefits/tests/ (test_workflow_engine, test_cases_api,
test_registers, test_entitlements). The names below stay importable for the tests that still import them from here
(assistance pages, browser, payroll, verification) until they use minzheng.benefits.tests.factories, the registry's
factories and the shared fixtures (minzheng.benefits.tests.fixtures); then delete this module. It holds no tests."""

from minzheng.benefits.tests.factories import VISIT, act, open_case, post, to_submitted, today  # noqa: F401
from minzheng.benefits.tests.fixtures import demo_standards, poor_family, staff  # noqa: F401
from minzheng.registry.tests.factories import make_family  # noqa: F401
