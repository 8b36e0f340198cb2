"""Render a document: the template of its kind (an administrator's replacement, else the repository's default)
filled with plain data, returned as .docx bytes.

Templates are untrusted text (an administrator uploads them), so they are rendered in Jinja2's sandbox with no
globals, a short list of filters and tests, no function calls and no attribute whose name starts with ``_``; and
they see only the documented fields of their kind (``TemplateSpec.fields``). An upload is checked before it is
saved (``check_template``): unknown fields, filters, tests and tags are refused there, in Chinese.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.tests import TESTS

from xinfang.lib.exceptions import ActionError

from .registry import templates

DEFAULTS_DIR = Path(__file__).resolve().parent / "templates_docx"

log = logging.getLogger(__name__)

# Filters and tests a template may use: text and list helpers without side effects or large outputs. Not ``safe``
# (it would let data write raw XML), not ``attr``/``map``/``select…`` (attribute access by name), not ``format``.
ALLOWED_FILTERS = frozenset(
    {
        "default",
        "d",
        "join",
        "length",
        "count",
        "first",
        "last",
        "lower",
        "upper",
        "title",
        "capitalize",
        "trim",
        "truncate",
        "replace",
        "string",
        "int",
        "striptags",
        "wordcount",
        "e",
        "escape",
    }
)
ALLOWED_TESTS = frozenset(
    {"defined", "undefined", "none", "number", "string", "sequence", "true", "false", "odd", "even"}
    | {"eq", "ne", "lt", "le", "gt", "ge", "in", "==", "!=", "<", "<=", ">", ">="}
)
# The Jinja constructs a template may hold: output, {% if %}, {% for %} (docxtpl's {%p %}, {%tr %}, {%tc %}, {%r %}
# are the same tags) and plain expressions. Anything else (set, macro, include, import, extends, block, with,
# filter, call, autoescape …) is refused.
ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.For,
    nodes.Name,
    nodes.Const,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.Filter,
    nodes.Test,
    nodes.Keyword,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Add,
    nodes.Sub,
    nodes.Concat,
    nodes.CondExpr,
    nodes.Tuple,
    nodes.List,
)
CONSTRUCT_NAMES = {
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.Call: "函数调用",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from … import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.With: "{% with %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.ScopedEvalContextModifier: "{% autoescape %}",
    nodes.EvalContextModifier: "{% autoescape %}",
    nodes.Mul: "乘法运算",
    nodes.Div: "除法运算",
    nodes.FloorDiv: "除法运算",
    nodes.Mod: "取余运算",
    nodes.Pow: "乘方运算",
    nodes.Dict: "字典",
}
# Names Jinja itself provides inside a template: the loop variable of {% for %}.
BUILTIN_NAMES = frozenset({"loop"})


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """The environment every document template is rendered in."""

    intercepted_binops = frozenset({"*", "/", "//", "%", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.globals.clear()
        self.filters = {name: FILTERS[name] for name in ALLOWED_FILTERS}
        self.tests = {name: TESTS[name] for name in ALLOWED_TESTS}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not attr.startswith("_") and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str):
        # Refuse at once (the default returns an undefined value that prints as "").
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805
        raise SecurityError("templates may not call functions")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"operator {operator} is not allowed")


class TemplateRefused(ActionError):
    """A stored template could not be rendered safely."""


def template_bytes(kind: str) -> bytes:
    from .models import DocumentTemplate

    replacement = DocumentTemplate.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at").first()
    if replacement is not None:
        with replacement.file.open("rb") as f:
            return f.read()
    return (DEFAULTS_DIR / f"{kind}.docx").read_bytes()


def render(kind: str, context: dict) -> bytes:
    """Fill the template of ``kind`` with the documented fields of ``context`` (values are escaped for XML)."""
    spec = templates()[kind]
    data = {name: context[name] for name in spec.fields}
    template = DocxTemplate(io.BytesIO(template_bytes(kind)))
    try:
        template.render(data, jinja_env=DocumentSandbox())
    except (SecurityError, TemplateError) as e:
        log.warning("document template %s refused at render: %s", kind, e)
        raise TemplateRefused(
            f"《{spec.title}》的模板含有不允许的内容，无法生成。请系统管理员在“系统管理 › 文书模板”中停用或更换该模板。"
        ) from e
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def paragraphs(text: str) -> list[str]:
    """A long text as the list of its non-empty paragraphs (each becomes an indented paragraph)."""
    return [line.strip() for line in re.split(r"\n+", text or "") if line.strip()]


# ---------------------------------------------------------------------------------------------------------------
# Checking an uploaded template


def _sources(content: bytes) -> list[str]:
    """The Jinja sources docxtpl renders from a .docx: body, headers, footers, footnotes, core properties."""
    template = DocxTemplate(io.BytesIO(content))
    template.init_docx()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            sources.append(template.patch_xml(template.get_part_xml(part)))
    for part in template.docx.part.package.iter_parts():
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            sources.append(template.patch_xml(blob))
    props = template.docx.core_properties
    sources += [
        getattr(props, p) or "" for p in ("author", "comments", "identifier", "language", "subject", "title")
    ]
    return sources


def _problem(node: nodes.Node, fields: frozenset[str], declared: set[str]) -> str | None:
    """What is wrong with one node of a template, in Chinese; None if nothing."""
    if not isinstance(node, ALLOWED_NODES):
        return f"不允许使用{CONSTRUCT_NAMES.get(type(node), type(node).__name__)}。"
    name = None
    if isinstance(node, nodes.Name):
        name = node.name
    elif isinstance(node, nodes.Getattr):
        name = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        name = node.arg.value if isinstance(node.arg.value, str) else None
    if name is not None and name.startswith("_"):
        return f"不允许访问内部属性“{name}”。"
    if isinstance(node, nodes.Name) and node.name not in fields | declared | BUILTIN_NAMES:
        return f"未知字段“{node.name}”（可用字段见《开发说明》docs/documents.md）。"
    if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const | nodes.Slice | nodes.Name):
        return "方括号中只能写数字或字段。"
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        return f"不允许使用过滤器“{node.name}”。"
    if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
        return f"不允许使用判断“{node.name}”。"
    return None


def _problems_in(tree: nodes.Template, fields: frozenset[str]) -> list[str]:
    declared = {n.name for loop in tree.find_all(nodes.For) for n in loop.target.find_all(nodes.Name)}
    declared |= {loop.target.name for loop in tree.find_all(nodes.For) if isinstance(loop.target, nodes.Name)}
    found = (_problem(node, fields, declared) for node in tree.find_all(nodes.Node))
    return [p for p in found if p]


def check_template(content: bytes, kind: str) -> list[str]:
    """The problems of an uploaded template for document ``kind``, in Chinese; empty if it may be used."""
    spec = templates().get(kind)
    if spec is None:
        return ["未知的文书类型。"]
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return ["模板文件不是有效的 Word 文档（.docx），无法打开。"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if "word/document.xml" not in archive.namelist():
            return ["模板文件不是有效的 Word 文档（缺少正文 word/document.xml）。"]
    try:
        sources = _sources(content)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as e:
        log.info("template upload for %s could not be opened: %s", kind, e)
        return ["模板文件已损坏，无法打开。"]
    env = DocumentSandbox()
    problems: list[str] = []
    for source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as e:
            log.info("template upload for %s: syntax error %s", kind, e)
            problems.append(
                "模板中的 {{ }} 或 {% %} 标记不完整或写法有误（如未闭合的 {% if %} 或 {% for %}）。"
            )
            continue
        problems += _problems_in(tree, spec.fields)
    return list(dict.fromkeys(problems))
