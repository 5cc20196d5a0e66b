"""Statuses are StrEnum members, so a mistyped one fails instead of quietly matching nothing:
the code names each by its member, and the database layer refuses any string outside the set."""
import ast
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from recoverynet.extensions import db
from recoverynet.push.models import Delivery, DeliveryStatus
from recoverynet.push.sender import SendResult
from recoverynet.rewards.models import Reward, RewardStatus

APP = Path(__file__).resolve().parent.parent / "recoverynet"
STATUS_VALUES = {*RewardStatus, *DeliveryStatus, *SendResult}


def _mentions_status(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "status" or isinstance(n, ast.Name) and n.id == "status"
               for n in ast.walk(node))


def _bare(node: ast.AST | None) -> list[str]:
    """The status values written as string literals inside `node`."""
    if node is None:
        return []
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and n.value in STATUS_VALUES]


def bare_statuses(source: str) -> list[tuple[int, str]]:
    """(line, value) for each status written as a string where a status is compared, assigned,
    passed as status=, looked up by a status, returned as one, or made into a push Outcome."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and _mentions_status(node):
            values = _bare(node)
        elif isinstance(node, ast.Assign):
            named = any(isinstance(t, ast.Name) and "STATUS" in t.id for t in node.targets)
            values = _bare(node.value) if named or any(_mentions_status(t) for t in node.targets) else []
        elif isinstance(node, ast.keyword) and node.arg == "status":
            values = _bare(node.value)
        elif isinstance(node, ast.Subscript) and _mentions_status(node.slice):
            values = _bare(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("in_", "index"):
            values = _bare(node) if _mentions_status(node) else []
        elif isinstance(node, ast.FunctionDef) and "status" in node.name:
            values = [v for n in ast.walk(node) if isinstance(n, ast.Return) for v in _bare(n.value)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Outcome":
            values = _bare(node.args[0] if node.args else None)
        else:
            values = []
        found += [(node.lineno, value) for value in values]
    return sorted(found)


def test_the_check_finds_a_status_written_as_a_string():
    written = ('if reward.status == "unlocked":\n    reward.status, at = "redeemed", now\n'
               'q = update(Delivery).values(status="sent")\nOutcome("retry")\n'
               'text = {"pledged": "Pledged"}[reward.status]\nOPEN_STATUSES = ("offered",)\n'
               'def status_for_giver(reward):\n    return "declined"\n')
    assert [line for line, _ in bare_statuses(written)] == [1, 2, 3, 4, 5, 6, 7]


def test_no_status_is_written_as_a_bare_string_in_the_app():
    found = [f"{path.relative_to(APP.parent)}:{line}: {value!r}"
             for path in sorted(APP.rglob("*.py")) for line, value in bare_statuses(path.read_text())]
    assert found == [], "use the StrEnum member:\n" + "\n".join(found)


def test_a_mistyped_reward_status_is_refused_when_written(app, people):
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], title="Cinema", status="unlockd"))
        with pytest.raises(StatementError, match="unlockd"):
            db.session.flush()


def test_a_mistyped_delivery_status_is_refused_when_compared(app):
    with app.app_context(), pytest.raises(StatementError, match="queud"):
        db.session.scalars(select(Delivery).where(Delivery.status == "queud")).all()


def test_a_status_reads_back_as_its_member(app, people):
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], title="Cinema", status="redeemed"))
        db.session.commit()
        assert db.session.scalar(select(Reward.status)) is RewardStatus.REDEEMED
