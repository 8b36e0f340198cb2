"""Input fields whose limits come from the model's own columns. An action's input model (``<ledger>/inputs.py``)
declares its fields with them, so that the OpenAPI schema states the limits (``maxLength``,
``minimum``/``maximum``, patterns, enums) and input beyond them is refused before an action runs, the same on a
page (its form's cleaned data turned into the model) and in the API (the model is the operation's body). Texts
come cleaned as they are stored (invisible characters removed, stripped), a choice must be one of the column's.
The actions keep their own checks (``xinfang.lib.limits``) as the last line for input built without the model's
validation; this layer refuses early and names the field, it never replaces them.

    class PersonIn(Schema):
        name: str = limit(Person, "name")                 # required, maxLength 50, title 姓名
        phone: str = limit(Person, "phone", default="")   # optional

``api_messages`` turns pydantic's errors into Chinese messages that name the field by its title; ``with_titles``
gives it the titles of the model that refused.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.core import validators
from django.db import models
from ninja.params import functions as params
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError, PydanticUndefined

from xinfang.lib.limits import INTEGER_RANGES, TEXT_MAX_LENGTH, clean_text

# Largest value a primary or foreign key can hold on both backends (bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
# The characters ``limits.text_problem`` refuses: C0 controls other than tab, newline and carriage return.
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


def _bound(field: models.Field, kind: type[validators.BaseValidator], default: Any) -> Any:
    values = [v.limit_value for v in field.validators if isinstance(v, kind)]
    values = [v() if callable(v) else v for v in values]
    if not values:
        return default
    return max(values) if kind is validators.MinValueValidator else min(values)


def _decimal_pattern(whole: int, places: int) -> str:
    return rf"^\d{{1,{whole}}}(\.\d{{1,{places}}})?$" if places else rf"^\d{{1,{whole}}}$"


def _with_decimal_string_pattern(pattern: str):
    """Pydantic writes a Decimal as ``number | string``; give the string branch the pattern it must match."""

    def extra(schema: dict[str, Any]) -> None:
        branches = schema.get("anyOf", [schema])
        for branch in branches:
            if branch.get("type") == "string":
                branch["pattern"] = pattern

    return extra


def _cleaned(value: Any) -> Any:
    """A text as it is stored (``limits.clean_text``), before its length and characters are checked."""
    return clean_text(value) if isinstance(value, str) else value


def _one_of(values: list[str]):
    allowed = frozenset(values)

    def check(value: Any) -> Any:
        if value is not None and value not in allowed:
            raise PydanticCustomError("enum", "not one of the choices")
        return value

    return check


def _with_validators(info: Any, *validators: Any) -> Any:
    """Validators after the field's constraints: pydantic applies a field's metadata in order, so a
    ``BeforeValidator`` placed last runs first (a text is cleaned, then its length is checked)."""
    info.metadata.extend(validators)
    return info


def limit(model: type[models.Model], name: str, *, default: Any = PydanticUndefined, **extra: Any) -> Any:
    """A pydantic ``Field`` with the limits of ``model.<name>``; ``extra`` adds or overrides constraints. A text
    is cleaned before it is checked; a column with choices takes only them (and "" where the column may be blank
    or the field defaults to it)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{model.__name__}.{name} is no column"
    kwargs: dict[str, Any] = {"title": str(field.verbose_name) if field.verbose_name else name}
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        kwargs |= {"ge": 1, "le": MAX_ID}
    elif isinstance(field, models.DecimalField):
        places = field.decimal_places or 0
        whole = (field.max_digits or 14) - places
        largest = Decimal(10**whole) - Decimal(1).scaleb(-places)
        kwargs |= {
            "max_digits": field.max_digits,
            "decimal_places": places,
            "ge": _bound(field, validators.MinValueValidator, None),
            "le": _bound(field, validators.MaxValueValidator, largest),
            "json_schema_extra": _with_decimal_string_pattern(_decimal_pattern(whole, places)),
        }
    elif isinstance(field, models.IntegerField):
        low, high = INTEGER_RANGES.get(field.get_internal_type(), (-MAX_ID - 1, MAX_ID))
        kwargs |= {
            "ge": max(low, _bound(field, validators.MinValueValidator, low)),
            "le": min(high, _bound(field, validators.MaxValueValidator, high)),
        }
    checks: list[Any] = []
    if isinstance(field, models.CharField | models.TextField):
        kwargs |= {"max_length": field.max_length or TEXT_MAX_LENGTH, "pattern": NO_CONTROL}
        checks.append(BeforeValidator(_cleaned))
        if field.choices:
            values = [str(value) for value, _ in field.flatchoices]
            if field.blank:
                values.append("")
            kwargs["json_schema_extra"] = {"enum": list(dict.fromkeys(values))}
            checks.append(AfterValidator(_one_of(values + ([""] if default == "" else []))))
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    return _with_validators(Field(default, **(kwargs | extra)), *checks)


def text(
    *, title: str, max_length: int = TEXT_MAX_LENGTH, default: Any = PydanticUndefined, **extra: Any
) -> Any:
    """A text input that is no model column (a search term, a reason): cleaned, a length limit and no control
    character."""
    info = Field(default, title=title, max_length=max_length, pattern=NO_CONTROL, **extra)
    return _with_validators(info, BeforeValidator(_cleaned))


def ref(*, title: str, default: Any = PydanticUndefined) -> Any:
    """An id of a record (a path or filter parameter): a positive integer a key column can hold."""
    return Field(default, title=title, ge=1, le=MAX_ID)


# An id in a path (``/petitions/{petition_id}``).
Id = Annotated[int, params.Path(ge=1, le=MAX_ID)]


def page_size(default: int, maximum: int) -> Any:
    """The ``limit`` query parameter of a list: 1 to ``maximum``."""
    return params.Query(default, ge=1, le=maximum, title="每页条数")


def search() -> Any:
    """The ``q`` query parameter of a list: a search term."""
    return params.Query("", max_length=100, pattern=NO_CONTROL, title="关键词")


def cursor() -> Any:
    """The ``cursor`` query parameter of a keyset list (opaque, from ``next_cursor``)."""
    return params.Query("", max_length=200, pattern=NO_CONTROL, title="分页游标")


# --- Chinese messages for pydantic's errors -----------------------------------------------------------------


def _problem(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": "为必填项",
        "string_too_long": "不能超过{max_length}个字",
        "string_too_short": "不能少于{min_length}个字",
        "string_pattern_mismatch": "含有不允许的字符",
        "string_unicode": "含有无法识别的字符",
        "string_type": "须为文本",
        "less_than_equal": "不能大于{le}",
        "less_than": "须小于{lt}",
        "greater_than_equal": "不能小于{ge}",
        "greater_than": "须大于{gt}",
        "decimal_max_digits": "数字位数过多（最多{max_digits}位）",
        "decimal_whole_digits": "整数部分位数过多（最多{whole_digits}位）",
        "decimal_max_places": "最多保留{decimal_places}位小数",
        "decimal_parsing": "须为数字",
        "decimal_type": "须为数字",
        "finite_number": "须为有限的数字",
        "int_parsing": "须为整数",
        "int_type": "须为整数",
        "int_from_float": "须为整数",
        "int_parsing_size": "数值过大",
        "float_parsing": "须为数字",
        "bool_parsing": "须为是或否（true 或 false）",
        "bool_type": "须为是或否（true 或 false）",
        "timezone_aware": "须注明时区，例如 2026-06-10T10:00:00+08:00",
        "datetime_parsing": "格式不正确，须为日期时间，例如 2026-06-10T10:00:00+08:00",
        "datetime_from_date_parsing": "格式不正确，须为日期时间，例如 2026-06-10T10:00:00+08:00",
        "datetime_type": "格式不正确，须为日期时间，例如 2026-06-10T10:00:00+08:00",
        "date_parsing": "格式不正确，须为日期，例如 2026-06-10",
        "date_from_datetime_parsing": "格式不正确，须为日期，例如 2026-06-10",
        "date_from_datetime_inexact": "格式不正确，须为日期，例如 2026-06-10",
        "date_type": "格式不正确，须为日期，例如 2026-06-10",
        "list_type": "须为列表",
        "too_long": "最多{max_length}项",
        "model_type": "须为对象",
        "model_attributes_type": "须为对象",
        "dict_type": "须为对象",
        "json_invalid": "不是有效的 JSON",
        "literal_error": "不是有效的选项",
        "enum": "不是有效的选项",
    }
    template = messages.get(kind, "格式不正确")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _labels() -> dict[str, str]:
    """Field titles by ``attr`` and by ``parent.attr`` (a nested schema), over every ninja Schema."""
    from ninja import Schema

    labels: dict[str, str] = {}
    seen: set[type] = set()
    stack: list[type] = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        for attr, info in getattr(cls, "model_fields", {}).items():
            if info.title:
                labels.setdefault(attr, info.title)
            for nested in _schemas_in(info.annotation):
                for child, child_info in getattr(nested, "model_fields", {}).items():
                    if child_info.title:
                        labels[f"{attr}.{child}"] = child_info.title
    return labels


def _schemas_in(annotation: Any) -> list[type]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [s for arg in getattr(annotation, "__args__", ()) for s in _schemas_in(arg)]


def with_titles(model: type[BaseModel], errors: list[Any]) -> list[dict[str, Any]]:
    """``errors`` (pydantic's, located within ``model``) each with the titles of the fields along its location
    (``titles``: the field's title last), so that ``api_messages`` names the field as this model titles it
    (several models have a ``reason`` or a ``note``, each titled its own way)."""
    result = []
    for error in errors:
        titles: list[str] = []
        current: type[BaseModel] | None = model
        for part in error.get("loc", ()):
            if isinstance(part, int):
                continue
            info = current.model_fields.get(str(part)) if current is not None else None
            titles.append(info.title or "" if info is not None else "")
            nested = _schemas_in(info.annotation) if info is not None else []
            current = nested[0] if nested else None
        result.append(dict(error) | {"titles": titles})
    return result


_LABELS: dict[str, str] | None = None

# Titles of the query and path parameters that are no schema field.
_PARAMETERS = {"limit": "每页条数", "cursor": "分页游标", "q": "关键词", "unread": "仅未读"}


def _id_label(name: str) -> str:
    return "编号" if name.endswith("_id") else name


# Where ninja puts a parameter (the first part of an error's location), not a field name.
_PLACES = {"body", "query", "path", "form", "file", "header", "cookie"}


def api_messages(
    errors: list[dict[str, Any]], containers: frozenset[str] | set[str] = frozenset()
) -> dict[str, list[str]]:
    """``{"petitioners.0.name": ["第1项信访人的姓名不能超过50个字"], ...}`` from pydantic's error list.
    ``containers`` are the names of the view's schema parameters (``payload``, ``filters``), left out of the key.
    A field is named by the titles ``with_titles`` gave its error, else by the title its name has in any
    Schema."""
    global _LABELS
    if _LABELS is None:
        _LABELS = _labels()
    result: dict[str, list[str]] = {}
    for error in errors:
        loc = list(error.get("loc", []))
        if loc and loc[0] in _PLACES:
            loc = loc[1:]
        if loc and loc[0] in containers:
            loc = loc[1:]
        names = [str(p) for p in loc if not isinstance(p, int)]
        titles = error.get("titles") or []
        titles = titles[len(titles) - len(names) :] if len(titles) >= len(names) else []
        key = ".".join(str(p) for p in loc) or "__all__"
        label = ""
        if names:
            leaf = names[-1]
            label = _LABELS.get(".".join(names[-2:]), "") if len(names) > 1 else ""
            label = (titles[-1] if titles else "") or label
            label = label or _LABELS.get(leaf) or _PARAMETERS.get(leaf) or _id_label(leaf)
            indexes = [p for p in loc if isinstance(p, int)]
            if len(names) > 1 and indexes:
                parent = (titles[-2] if titles else "") or _LABELS.get(names[-2], names[-2])
                label = f"{parent}（第{indexes[-1] + 1}项）的{label}"
        result.setdefault(key, []).append(f"{label}{_problem(error)}" if label else _problem(error))
    return result
