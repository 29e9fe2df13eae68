"""Turn pydantic's validation errors into one Chinese line per problem."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .yaml_source import LineMap, Loc

_TYPE_MESSAGES = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，格式 YYYY-MM-DD（如 2026-12-02）",
    "date_parsing": "应为日期，格式 YYYY-MM-DD（如 2026-12-02）",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD（如 2026-12-02）",
    "date_from_datetime_inexact": "应为日期，不要带时间",
    "time_type": "应为时间，格式 HH:MM（如 09:00）",
    "time_parsing": "应为时间，格式 HH:MM（如 09:00）",
    "list_type": "应为列表（每项一行，以“- ”开头）",
    "model_type": "应为若干“字段: 值”",
    "model_attributes_type": "应为若干“字段: 值”",
    "dict_type": "应为若干“字段: 值”",
    "string_pattern_mismatch": "id 只能用小写英文字母、数字和“-”，且以字母或数字开头",
    "string_too_short": "不能为空",
    "string_too_long": "太长了",
}


def _field_path(loc: Loc, lines: LineMap) -> list[str | int]:
    """The real YAML keys of a pydantic location (drops union/validator tags)."""
    path: list[str | int] = []
    for part in loc:
        candidate = (*path, part)
        if candidate in lines.lines:
            path.append(part)
    return path


def _describe(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _allowed_fields(model: type[BaseModel], path: list[str | int]) -> list[str]:
    """Field names allowed at ``path`` inside ``model`` (best effort, for hints)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _shown(value: Any, limit: int = 40) -> str:
    """A value as quoted in a message: one line, and short — a value built from
    references can be megabytes, and a message is read in a terminal."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 个字符）"


def _message(error: ErrorDetails, model: type[BaseModel], path: list[str | int]) -> str:
    kind = error["type"]
    where = _describe(path)
    prefix = f"“{where}”" if where else "这里"
    ctx = error.get("ctx") or {}
    if kind == "missing":
        name = error["loc"][-1]
        parent = _describe(path)
        return f"缺少必填字段“{name}”" + (f"（在 {parent} 中）" if parent else "") + "；请补上"
    if kind == "extra_forbidden":
        name = error["loc"][-1]
        allowed = _allowed_fields(model, path[:-1])
        hint = f"；可用的字段：{'、'.join(allowed)}" if allowed else "；请检查拼写"
        return f"未知字段“{name}”{hint}"
    if kind in ("enum", "literal_error"):
        return f"{prefix}的取值应为 {ctx.get('expected', '')} 之一，现在是“{_shown(error.get('input'))}”"
    if kind in ("too_short",):
        return f"{prefix}至少要有 {ctx.get('min_length', 1)} 项"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        relation = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤",
                    "less_than": "<"}[kind]
        return f"{prefix}应 {relation} {bound}，现在是 {_shown(error.get('input'))}"
    if kind == "value_error":
        text = str(error["msg"]).removeprefix("Value error, ")
        return f"{prefix}：{text}" if where else text
    if kind in _TYPE_MESSAGES:
        if kind == "string_too_long" and "max_length" in ctx:
            return f"{prefix}太长了：最多 {ctx['max_length']} 个字，现在是 {len(str(error.get('input')))} 个"
        return f"{prefix}{_TYPE_MESSAGES[kind]}，现在是“{_shown(error.get('input'))}”"
    return f"{prefix}：{_shown(error['msg'], 200)}"


def translate(
    exc: ValidationError, model: type[BaseModel], lines: LineMap, *, base: Loc = ()
) -> list[tuple[int, str]]:
    """(line, message) for every error, one per field (union members collapsed)."""
    seen: set[tuple[Any, ...]] = set()
    result: list[tuple[int, str]] = []
    for error in exc.errors():
        loc = (*base, *error["loc"])
        path = _field_path(loc, lines)
        path_key = (*path, error["loc"][-1]) if error["type"] in ("missing", "extra_forbidden") else tuple(path)
        if path_key in seen:
            continue
        seen.add(path_key)
        rel_path = path[len(base):]
        result.append((lines.line_of(tuple(path)), _message(error, model, rel_path)))
    return result
