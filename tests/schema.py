"""The test databases' schema: built from the models, then the migrations' data operations replayed and every
migration recorded as applied — instead of running 88 migrations per pytest-xdist worker.

Why: Django re-renders the historical models of the whole related graph for most schema operations (every model
refers to core.User or core.Region), and that costs about 40 s of CPU per test database, four times in `make test`.

Why this is the same database:
- the models' state and the migrations' state are the same schema — `makemigrations --check` in `make lint` fails on
  any difference;
- what the models cannot say (RunPython, RunSQL: the data loads, the PostgreSQL-only character index of registry 0008)
  is replayed here, from the migrations themselves, in their order, against the final models;
- the migrations themselves still run in full from an empty database on both engines: `minzheng init` in
  core/tests/test_serve.py (SQLite) and in tests/test_loadtest.py (SQLite, then PostgreSQL in that half).
"""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython, RunSQL
from django.db.migrations.recorder import MigrationRecorder


def replay_data_operations_and_record() -> list[str]:
    """Run each migration's RunPython/RunSQL operations forwards, in the migrations' order, then record every
    migration as applied (so /readyz and a later `migrate` see a migrated database). Returns the operations run."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    state = executor.loader.project_state()  # the final models: what syncdb built the tables from
    ran = []
    for migration, _backwards in plan:
        for operation in migration.operations:
            if isinstance(operation, RunPython | RunSQL):
                with connection.schema_editor(atomic=migration.atomic) as editor:
                    operation.database_forwards(migration.app_label, editor, state, state)
                ran.append(f"{migration.app_label}.{migration.name}")
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    recorder.migration_qs.bulk_create([recorder.Migration(app=m.app_label, name=m.name)
                                       for m, _ in plan if (m.app_label, m.name) not in applied])
    return ran
