"""A small list folded into a query that runs anyway, as one JSON value: `json_rows(a, b)` is the
aggregate of [a, b] over the rows, '[]' for none, read back as a list of lists. SQLite's and
PostgreSQL's spellings differ; order is not kept (sort in Python)."""
from sqlalchemy import JSON

from recoverynet.sqlfunctions import sql_function

json_rows = sql_function("json_rows", JSON(), sqlite="json_group_array(json_array({args}))",
                         postgresql="coalesce(json_agg(json_build_array({args})), '[]'::json)")
