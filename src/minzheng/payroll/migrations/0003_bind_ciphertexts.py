"""Bind every existing SM4 ciphertext to its row (issue 11, defect 14): values written by earlier releases carry no
associated data (format 0x01); each is decrypted once without it and re-encrypted with `crypto.aad(table, column,
row)` under the current key version (format 0x02). Batched and set-based (core.protected.rewrap_table); a rerun only
touches values still in the old format. The bindings are listed in docs/decisions/0003-sm4-blind-index.md."""

from django.db import migrations

# (table, column, key column, associated-data table, associated-data column): as declared on the models (SEALED).
COLUMNS = [
    ("registry_person", "id_number_enc", "id_number_index", "registry_person", "id_number_enc"),
    ("registry_person", "phone_enc", "id_number_index", "registry_person", "phone_enc"),
    ("registry_person", "disability_cert_enc", "id_number_index", "registry_person", "disability_cert_enc"),
    ("benefits_case", "bank_account_enc", "id", "benefits_case", "bank_account_enc"),
    ("benefits_entitlement", "bank_account_enc", "id", "benefits_entitlement", "bank_account_enc"),
    ("payroll_payrollline", "account_enc", "entitlement_id", "benefits_entitlement", "bank_account_enc"),
]


def bind(apps, schema_editor):
    from django.db import connection

    from minzheng.core import protected

    tables = set(connection.introspection.table_names())
    for table, column, key, aad_table, aad_column in COLUMNS:
        if table not in tables:
            continue
        with connection.cursor() as cur:
            cur.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" IS NOT NULL LIMIT 1')
            if cur.fetchone() is None:  # a fresh database: nothing to bind (and no key to create)
                continue
        protected.rewrap_table(table, "id", column, key, aad_table, aad_column)


class Migration(migrations.Migration):
    atomic = False  # each batch is its own transaction

    dependencies = [
        ("payroll", "0002_entitlements_in_benefits"),
        ("benefits", "0002_rename_tables"),
        ("registry", "0004_fewer_indexes"),
    ]

    operations = [migrations.RunPython(bind, migrations.RunPython.noop)]
