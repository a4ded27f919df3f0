"""`manage.py migrate_safely`: `migrate` (same options) holding the migration lock.

Run it wherever several servers may start at once (`make serve`): the first
migrates, the others wait and then find nothing to apply. See hiring/migration_lock.py.
"""

from django.core.management.commands.migrate import Command as MigrateCommand

from hiring.migration_lock import migration_lock


class Command(MigrateCommand):
    help = "Apply migrations like migrate, one server at a time (a database or file lock)."

    def handle(self, *args, **options) -> None:
        with migration_lock(options["database"]):
            super().handle(*args, **options)
