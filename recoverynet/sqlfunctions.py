"""SQL functions that SQLite and PostgreSQL spell differently, each made once from its two
spellings (sql_function): json_rows (sqljson.py) and day_count (insights/localtime.py)."""
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine


def sql_function(name: str, type_: TypeEngine, sqlite: str, postgresql: str) -> type[FunctionElement]:
    """A function element named `name` whose SQL is `sqlite` or `postgresql`, each a template in
    which {args} stands for the compiled arguments."""
    element = type(name, (FunctionElement,), {"type": type_, "inherit_cache": True, "__doc__": name})

    def spelled(template: str):
        return lambda element, compiler, **kw: template.format(args=compiler.process(element.clauses, **kw))

    compiles(element)(spelled(sqlite))
    compiles(element, "postgresql")(spelled(postgresql))
    return element
