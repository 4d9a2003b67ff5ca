"""A page that exists only to measure the server: it commits one row and answers, through the same
middleware, connection handling and durable commit as an answer's save, and does nothing else.
It is the floor a save is compared with (benchmarks/autosave_load.py). Mounted only when
HIREPLAY_BENCHMARK_ROUTES=1; the table it writes to is created on first use and holds nothing
of the application's."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hireplay.web.hiring.answers import prepared_statement

TABLE = "hireplay_benchmark_floor"
_CREATED: set[str] = set()


def _create(vendor: str) -> None:
    if vendor in _CREATED:
        return
    column = "id BIGSERIAL PRIMARY KEY" if vendor == "postgresql" else "id INTEGER PRIMARY KEY AUTOINCREMENT"
    try:
        with transaction.atomic(), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({column}, at VARCHAR(40) NOT NULL)")
    except DatabaseError:
        pass  # another worker created it at the same moment (PostgreSQL refuses the second CREATE)
    _CREATED.add(vendor)


@csrf_exempt
@require_POST
def commit_one_row(request: HttpRequest) -> JsonResponse:
    """Insert one row and commit it (a prepared statement on PostgreSQL, as a save uses)."""
    db = connections[DEFAULT_DB_ALIAS]
    _create(db.vendor)
    sql = f"INSERT INTO {TABLE} (at) VALUES (%s)"
    at = timezone.now().isoformat(timespec="microseconds")
    if db.vendor == "postgresql":
        prepared_statement(db, sql, [at])
    else:
        with transaction.atomic(), db.cursor() as cursor:
            cursor.execute(sql, [at])
    return JsonResponse({"result": "committed"})
