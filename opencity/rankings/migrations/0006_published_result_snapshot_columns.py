"""The snapshot's JSON columns of a published result: written in bulk without quoting arrays of
JSON in Python, and the two large ones (levels and answers) stored after every other column.

SQLite stores a row's columns in order, and a value larger than a page continues on overflow
pages: a column after the answers (tens of kilobytes) can only be read by walking them. The
lists of results read neither levels nor answers, so they now come last. On PostgreSQL the
answers become plain `json` (never searched by key; cheaper to write than `jsonb`), compressed
with LZ4 where the server has it.

Each column moves by adding its new copy at the end of the table, copying the values over and
dropping the old one; published snapshots keep their content unchanged.
"""

from django.db import migrations

import opencity.rankings.models


def copy_columns(apps, schema_editor):
    connection = schema_editor.connection
    table = connection.ops.quote_name("rankings_publishedresult")
    if connection.vendor == "postgresql":
        assignments = "levels = levels_before, answers = answers_before::json"
    else:
        assignments = "levels = levels_before, answers = answers_before"
    schema_editor.execute(f"UPDATE {table} SET {assignments}")


def compress_answers_with_lz4(apps, schema_editor):
    # The answers are written once and read whole: LZ4 compresses them three times faster than
    # PostgreSQL's default (pglz), and as small. Only where the server was built with it.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    if row and row[0]:
        schema_editor.execute(
            "ALTER TABLE rankings_publishedresult ALTER COLUMN answers SET COMPRESSION lz4"
        )


def copy_columns_back(apps, schema_editor):
    connection = schema_editor.connection
    table = connection.ops.quote_name("rankings_publishedresult")
    if connection.vendor == "postgresql":
        assignments = "levels_before = levels, answers_before = answers::jsonb"
    else:
        assignments = "levels_before = levels, answers_before = answers"
    schema_editor.execute(f"UPDATE {table} SET {assignments}")


class Migration(migrations.Migration):
    dependencies = [
        ("rankings", "0005_published_results_unranked_last"),
    ]

    operations = [
        # First, so that on SQLite (which rebuilds the table for it) the scores stay before
        # the two large columns added below.
        migrations.AlterField(
            model_name="publishedresult",
            name="area_scores",
            field=opencity.rankings.models.SnapshotJSONField(
                default=dict, verbose_name="score per area"
            ),
        ),
        migrations.RenameField(
            model_name="publishedresult", old_name="levels", new_name="levels_before"
        ),
        migrations.RenameField(
            model_name="publishedresult", old_name="answers", new_name="answers_before"
        ),
        migrations.AddField(
            model_name="publishedresult",
            name="levels",
            field=opencity.rankings.models.SnapshotJSONField(
                default=dict, verbose_name="level per indicator"
            ),
        ),
        migrations.AddField(
            model_name="publishedresult",
            name="answers",
            field=opencity.rankings.models.SnapshotDocumentField(
                default=list, verbose_name="answers"
            ),
        ),
        migrations.RunPython(copy_columns, copy_columns_back),
        migrations.RemoveField(model_name="publishedresult", name="levels_before"),
        migrations.RemoveField(model_name="publishedresult", name="answers_before"),
        migrations.RunPython(compress_answers_with_lz4, migrations.RunPython.noop),
    ]
