from django.db import migrations

from movies.search_index import ensure_index


def index_words(apps, schema_editor):
    # Replaces 0005's trigram index (PostgreSQL) and trigram table (SQLite) with the words'.
    ensure_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("movies", "0008_facts_regional_facts"),
    ]

    operations = [
        migrations.RunPython(index_words, migrations.RunPython.noop),
    ]
