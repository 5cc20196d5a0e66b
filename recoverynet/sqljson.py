"""A small list folded into a query that runs anyway, as one JSON value: `json_rows(a, b)` is the
aggregate of [a, b] over the rows, '[]' for none, read back as a list of lists. SQLite's and
PostgreSQL's spellings differ; order is not kept (sort in Python)."""
from sqlalchemy import JSON
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class json_rows(FunctionElement):  # noqa: N801 (a SQL function, named as one)
    type = JSON()
    inherit_cache = True


@compiles(json_rows)
def _json_rows_sqlite(element, compiler, **kw):
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element, compiler, **kw):
    return f"coalesce(json_agg(json_build_array({compiler.process(element.clauses, **kw)})), '[]'::json)"
