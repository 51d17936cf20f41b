"""Every audit action and entity type the code can write has a Vietnamese label;
each event's before/after reads as labelled, formatted fields.

The source is scanned (ast) for every value passed as an audit event's
action or entity type: string literals, both branches of a conditional,
module constants, the parameters of helpers that pass them on (their call
sites are scanned too) and the few values computed from an enum, listed in
`COMPUTED` with the enum they come from. A new kind of value that the scan
cannot read fails here until it is listed.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from election import db
from election.access_matrix import MATRIX
from election.audit import labels
from election.audit.diff import choice_labels, diff, format_value
from election.tallies.tables import EntryKind

ROOT = Path(__file__).resolve().parent.parent / "election"
# Keywords naming an event's action or entity type (`purpose` and `what` are
# the names helpers give them: voters.area_list, full_export_allowed).
ACTION_KEYWORDS = {"action", "purpose"}
ENTITY_KEYWORDS = {"entity_type", "what"}
# Positional: the helper's name and the index of its action argument.
POSITIONAL_ACTIONS = {"_record_change": 1}
# Calls that take an `action` keyword and write no event: the command line's
# arguments, and the log's own search filters and views.
NOT_AUDIT = {"add_argument", "AuditFilter", "EventView"}
# Values computed at run time: the expression, and every value it can take.
COMPUTED: dict[str, set[str]] = {"decision.kind.value": {kind.value for kind in EntryKind}}


def _constants(tree: ast.Module) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            value = node.value
            text = value.value if isinstance(value, ast.Constant) else None
            if isinstance(target, ast.Name) and isinstance(text, str):
                found[target.id] = [text]
    return found


def _parameters(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            names |= {a.arg for a in [*args.args, *args.kwonlyargs, *args.posonlyargs]}
    return names


def _values(node: ast.expr, constants: dict[str, list[str]], params: set[str]) -> list[str]:
    """The strings `node` can be; a parameter passed on is read at its call sites."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _values(node.body, constants, params) + _values(node.orelse, constants, params)
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.Name) and node.id in params:
        return []
    source = ast.unparse(node)
    if source in COMPUTED:
        return sorted(COMPUTED[source])
    raise AssertionError(f"cannot read the audit value {source!r}: list it in COMPUTED")


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def written_codes() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Every action and entity type in the source, with where each is written."""
    actions: dict[str, set[str]] = {}
    entities: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants, params = _constants(tree), _parameters(tree)
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            values: list[tuple[dict[str, set[str]], ast.expr]] = []
            if isinstance(node, ast.Call) and _call_name(node) not in NOT_AUDIT:
                for keyword in node.keywords:
                    if keyword.arg in ACTION_KEYWORDS:
                        values.append((actions, keyword.value))
                    elif keyword.arg in ENTITY_KEYWORDS:
                        values.append((entities, keyword.value))
                index = POSITIONAL_ACTIONS.get(_call_name(node))
                if index is not None and len(node.args) > index:
                    values.append((actions, node.args[index]))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                # A helper's default (`purpose: str = "list_viewed"`).
                args = node.args
                for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                    if arg.arg in ACTION_KEYWORDS and default is not None:
                        values.append((actions, default))
            for into, expr in values:
                for value in _values(expr, constants, params):
                    into.setdefault(value, set()).add(where)
    return actions, entities


def test_the_scan_finds_what_the_services_write():
    actions, entities = written_codes()
    # A few the scan must see, each by a different route.
    assert {"sign_in", "finalize_result", "reveal_personal_id", "strike_off"} <= set(actions)
    assert {"entry", "verification", "correction", "list_printed", "export"} <= set(actions)
    assert {"tally_sheet", "check_in", "staff_export", "audit_log", "voter"} <= set(entities)


def test_every_action_and_entity_type_the_code_writes_has_a_label():
    actions, entities = written_codes()
    unlabelled = {a: sorted(w) for a, w in actions.items() if a not in labels.ACTION_LABELS}
    assert unlabelled == {}, "add these actions to election/audit/labels.py ACTION_LABELS"
    unknown = {e: sorted(w) for e, w in entities.items() if e not in labels.ENTITY_LABELS}
    assert unknown == {}, "add these entity types to election/audit/labels.py ENTITY_LABELS"


def written_fields() -> dict[str, set[str]]:
    """The keys of every dict written as an event's before or after in the source
    (`after={"reason": …}`); records' own `public()` dicts are read by the demo test."""
    found: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _call_name(node) in NOT_AUDIT:
                continue
            if not any(k.arg in ACTION_KEYWORDS for k in node.keywords):
                continue
            for keyword in node.keywords:
                if keyword.arg in ("before", "after", "details") and isinstance(
                    keyword.value, ast.Dict
                ):
                    for key in keyword.value.keys:
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            found.setdefault(key.value, set()).add(where)
    return found


def test_every_field_the_code_writes_has_a_label():
    fields = written_fields()
    assert {"reason", "client_address", "polling_area_id"} <= set(fields)
    unlabelled = {f: sorted(w) for f, w in fields.items() if labels.field_label(f) is None}
    assert unlabelled == {}, "add these fields to election/audit/labels.py FIELD_LABELS"


def test_every_role_has_a_label():
    from election.actor import Role

    assert all(labels.role_label(role.value) != "Vai trò khác" for role in Role)
    assert labels.role_label("board_member") == "Thành viên Ban bầu cử"


def test_labels_are_vietnamese_sentences_not_codes():
    for label in [*labels.ACTION_LABELS.values(), *labels.ENTITY_LABELS.values()]:
        assert label[0].isupper() and "_" not in label, label
    for label in labels.FIELD_LABELS.values():
        assert "_" not in label, label


def _route_patterns() -> list[re.Pattern[str]]:
    patterns = []
    for method, path in MATRIX:
        if method == "GET" and not path.startswith("/api/"):
            segments = [
                (r"\d+" if ":int}" in part else "[^/]+")
                if part.startswith("{")
                else re.escape(part)
                for part in path.split("/")
            ]
            patterns.append(re.compile("^" + "/".join(segments) + "$"))
    return patterns


@pytest.mark.parametrize(
    ("entity_type", "entity_id", "href"),
    [
        ("tally_sheet", "345", "/tally-sheets/345"),
        ("user", "3", "/users/3"),
        ("election", "1", "/elections/1"),
        ("electoral_unit", "7", "/units/7"),
        ("voter_list", "1:31825:12", "/polling-areas/12/voters"),
        ("voter_list", "1:31825", "/elections/1/communes/31825/voters"),
        ("voter_list", "12", "/polling-areas/12/voters"),
        ("turnout_report", "42@16:00", "/polling-areas/42/turnout"),
        ("commune_teams", "1:31825", "/staffing/elections/1/communes/31825"),
        ("check_in", "42:1234", None),
        ("tally_sheet", "not-a-number", None),
    ],
)
def test_an_entity_links_to_its_page(entity_type, entity_id, href):
    assert labels.entity_href(entity_type, entity_id) == href


def test_every_entity_link_is_a_page_of_the_app():
    patterns = _route_patterns()
    samples = {
        "voter_list": ["1:31825:12", "1:31825", "12"],
        "commune_teams": ["1:31825"],
        "turnout_hours": ["1:96"],
        "turnout_report": ["42@16:00"],
    }
    for entity_type in labels.ENTITY_LABELS:
        for entity_id in samples.get(entity_type, ["5"]):
            href = labels.entity_href(entity_type, entity_id)
            if href is not None:
                assert any(p.match(href) for p in patterns), (entity_type, href)


def test_entities_read_as_words_with_places_by_name():
    places = {"31825": "Phường Bạc Liêu", "96": "Cà Mau"}
    assert labels.entity_text("tally_sheet", "345") == "Biên bản kiểm phiếu số 345"
    assert labels.entity_text("voter_list", "1:31825", places) == (
        "Danh sách cử tri của Phường Bạc Liêu"
    )
    assert labels.entity_text("turnout_hours", "1:all") == (
        "Các mốc giờ báo cáo cử tri đi bầu (toàn quốc)"
    )
    assert labels.entity_text("staff_register", "96", places) == "Danh sách nhân sự của Cà Mau"
    assert labels.entity_text("audit_log", "csv") == "Nhật ký thay đổi"
    assert labels.place_codes("1:31825:12") == {"31825"}
    assert labels.actor_label("system:demo") == "Hệ thống (nạp dữ liệu mẫu)"
    assert labels.actor_label("quantri") == "quantri"
    assert labels.action_label("create", "user") == "Tạo tài khoản"
    assert labels.action_label("no_such_action") == labels.UNKNOWN_ACTION


# --------------------------------------------------------------------------
# Before and after


def test_values_are_formatted_as_people_read_them():
    codes = choice_labels()
    assert format_value("2026-03-15", codes) == "15/03/2026"
    assert format_value("07:00:00", codes) == "07:00"
    assert format_value(40000, codes) == "40.000"
    assert format_value(True, codes) == "Có"
    assert format_value(None, codes) == "—"
    assert format_value("male", codes) == "Nam"
    assert format_value("dbqh", codes) != "dbqh"
    assert format_value("staff_people", codes) == "Danh sách nhân sự"
    assert format_value("election:1:commune:31825", codes) == "cuộc bầu cử 1 xã, phường 31825"
    member = format_value([["Lê Thị Nga", "head"]], codes)
    assert member.startswith("Lê Thị Nga (") and "head" not in member
    assert format_value({"dbqh": 1, "hdnd_xa": 7}, codes).count(": ") == 2
    moment = dt.datetime(2026, 3, 15, 0, 30, tzinfo=dt.UTC).isoformat()
    assert format_value(moment, codes) == "07:30 15/03/2026"


def test_an_update_lists_what_changed_and_counts_the_rest():
    change = diff(
        {"full_name": "Lê Văn A", "seats": 3, "note": ""},
        {"full_name": "Lê Văn B", "seats": 3, "note": "", "personal_id": "0123"},
    )
    assert [(x.label, x.before, x.after, x.change) for x in change.lines] == [
        ("Họ và tên", "Lê Văn A", "Lê Văn B", "changed"),
        ("Số định danh cá nhân", None, "0123", "added"),
    ]
    assert change.unchanged == 2


def test_a_creation_and_a_deletion_show_every_field():
    created = diff(None, {"name": "Tổ 1", "is_active": True})
    assert [(x.label, x.after) for x in created.lines] == [
        ("Tên", "Tổ 1"),
        ("Đang hoạt động", "Có"),
    ]
    assert all(x.change == "added" for x in created.lines)
    removed = diff({"number": 4}, None)
    assert [(x.label, x.before, x.change) for x in removed.lines] == [("Số", "4", "removed")]
    assert diff(None, None).empty
    assert [(x.label, x.after) for x in diff(None, ["07:00", "09:00"]).lines] == [
        ("Giá trị", "07:00, 09:00")
    ]


_CODE_LIKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


async def test_the_demo_log_reads_without_codes(demo):
    """Everything the demo writes: labelled actions and entities, fields and values in words."""
    rows = await db.fetch("SELECT DISTINCT entity_type, action FROM audit_event")
    assert rows
    for row in rows:
        assert row["entity_type"] in labels.ENTITY_LABELS, row["entity_type"]
        assert labels.action_label(row["action"], row["entity_type"]) != labels.UNKNOWN_ACTION
    events = await db.fetch("SELECT before, after FROM audit_event")
    import json

    codes = choice_labels()
    for event in events:
        before = json.loads(event["before"]) if event["before"] else None
        after = json.loads(event["after"]) if event["after"] else None
        for line in diff(before, after, codes).lines:
            for text in (line.label, line.before or "", line.after or ""):
                words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)
                assert not [w for w in words if _CODE_LIKE.match(w)], (line, text)
