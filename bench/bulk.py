"""Bulk writes for the benchmark dataset: rows straight into a table, by COPY on PostgreSQL and by
``executemany`` elsewhere, with primary keys chosen by the caller (so related rows can point at
them without reading them back) and the sequences reset afterwards.

Two ways in:

- :func:`objects_insert`: model instances; every value goes through the field's own ``pre_save``
  and ``get_db_prep_save``, as ``Model.save()`` would, so encrypted fields are encrypted and blind
  indexes computed by the app's code. For the tables of hundreds of thousands of rows.
- :func:`rows_insert`: tuples of plain column values, for the tables of millions of rows (dues,
  attendance, messages). On PostgreSQL they go to COPY as they are (psycopg adapts dates,
  Decimals, datetimes); elsewhere each value still goes through ``get_db_prep_save``. Only for
  columns without app-side encoding (no encrypted or blind-index field).
"""

import datetime
import json
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


def next_pk(model: type[models.Model]) -> int:
    """The first free primary key of ``model``'s table."""
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """``value`` in COPY's text format (psycopg's ``write_row`` does the same, several times
    slower, looking up a dumper per value)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):  # dates and aware datetimes
        return value.isoformat()
    if isinstance(value, (dict, list)) or hasattr(value, "obj"):  # JSON, psycopg's Jsonb
        return json.dumps(getattr(value, "obj", value), ensure_ascii=False).translate(_ESCAPES)
    return str(value)  # int, Decimal, UUID


def _write(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if _is_postgres():
            raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
            with raw.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                lines: list[str] = []
                for row in rows:
                    lines.append("\t".join(map(_copy_text, row)))
                    count += 1
                    if len(lines) == 10_000:
                        copy.write("\n".join(lines) + "\n")
                        lines = []
                if lines:
                    copy.write("\n".join(lines) + "\n")
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})"  # noqa: S608
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def objects_insert(
    model: type[models.Model], objects: Iterable[models.Model], *, local_only: bool = True
) -> int:
    """Insert ``objects`` (primary keys set) into ``model``'s own table; returns the rows.

    ``local_only``: the fields of ``model``'s table alone, so that a multi-table child (a Wagtail
    page type) is written as one call for ``Page`` and one for the child model."""
    fields = model._meta.local_concrete_fields if local_only else model._meta.concrete_fields
    columns = [field.column for field in fields]

    def values():
        for obj in objects:
            yield [
                field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields
            ]

    return _write(model._meta.db_table, columns, values())


def rows_insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert plain ``rows`` whose values are those of the fields ``names`` (attribute names,
    e.g. ``member_id``), in that order; returns the rows written. The table's other non-null
    fields get their model default ("" for a text field without one): a Django default is no
    column default."""
    fields = [model._meta.get_field(name) for name in names]
    defaults = [
        field
        for field in model._meta.local_concrete_fields
        if field.attname not in names and not field.null and not isinstance(field, models.AutoField)
    ]
    if defaults:
        fields += defaults
        constants = tuple(field.get_default() for field in defaults)
        rows = (tuple(row) + constants for row in rows)
    columns = [field.column for field in fields]
    if _is_postgres():
        return _write(model._meta.db_table, columns, rows)

    def prepared():
        for row in rows:
            yield [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, row, strict=True)
            ]

    return _write(model._meta.db_table, columns, prepared())


def sequences_reset(models_: Sequence[type[models.Model]]) -> None:
    """Move each table's id sequence past the ids written here (PostgreSQL; SQLite follows the
    largest id by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
