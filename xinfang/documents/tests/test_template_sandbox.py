"""Document templates are untrusted: rendered in a sandbox, checked before an upload is saved."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from jinja2.exceptions import SecurityError, TemplateAssertionError

from xinfang.documents.admin import DocumentTemplateForm
from xinfang.documents.layout import Loop
from xinfang.documents.models import DocumentTemplate
from xinfang.documents.registry import templates
from xinfang.documents.render import DEFAULTS_DIR, DocumentSandbox, TemplateRefused, check_template, render
from xinfang.petitions.actions import generate_document
from xinfang.petitions.inputs import DocumentIn
from xinfang.petitions.tests.steps import fresh

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_with(*paragraphs: str) -> bytes:
    """A .docx (python-docx) whose paragraphs are the given texts."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def payload(marker) -> str:
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"


@pytest.mark.parametrize(
    "template",
    [
        "CYCLER",
        "{{ petitioner.__class__.__mro__[1].__subclasses__() }}",
        "{{ request_paras.__class__ }}",
        "{{ petitioner['__class__'] }}",
        "{{ petitioner.upper() }}",
    ],
)
def test_sandbox_refuses_internals_at_render_even_for_a_template_that_skipped_the_check(
    template, accepted, handler, administrator, tmp_path
):
    marker = tmp_path / "ran"
    source = payload(marker) if template == "CYCLER" else template
    DocumentTemplate.objects.create(
        kind="accept_notice",
        file=SimpleUploadedFile("bad.docx", docx_with(source)),
        uploaded_by=administrator,
    )
    with pytest.raises(TemplateRefused) as e:
        generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    assert "《受理告知书》的模板含有不允许的内容" in e.value.message
    assert not marker.exists()
    assert accepted.documents.count() == 0


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("{{ x.__class__ }}", SecurityError),
        ("{{ x.__class__.__mro__ }}", SecurityError),
        ("{{ x['__class__'] }}", SecurityError),
        ("{{ x.upper() }}", SecurityError),
        ("{{ x * 99999999 }}", SecurityError),
        ("{{ x|attr('__class__') }}", TemplateAssertionError),  # no such filter here
    ],
)
def test_the_sandbox_itself_refuses_internal_attributes_calls_and_multiplication(source, error):
    with pytest.raises(error):
        DocumentSandbox().from_string(source).render(x="a")


def test_the_sandbox_has_no_globals_and_escapes_values_for_xml():
    env = DocumentSandbox()
    assert env.globals == {}
    assert env.from_string("{{ cycler }}{{ x }}").render(x="<w:t>&") == "&lt;w:t&gt;&amp;"
    assert "safe" not in env.filters and "attr" not in env.filters


def test_the_upload_form_refuses_the_payload_with_a_chinese_message(tmp_path):
    form = DocumentTemplateForm(
        data={"kind": "accept_notice", "is_active": "on"},
        files=MultiValueDict(
            {"file": [SimpleUploadedFile("t.docx", docx_with(payload(tmp_path / "ran")), DOCX)]}
        ),
    )
    assert not form.is_valid()
    errors = " ".join(str(error) for error in form.errors["file"])
    assert "不允许访问内部属性“__init__”" in errors and "不允许访问内部属性“__globals__”" in errors
    assert "未知字段“cycler”" in errors and "不允许使用函数调用" in errors
    assert not (tmp_path / "ran").exists()


def test_the_admin_page_refuses_the_payload_and_saves_nothing(client, administrator, tmp_path):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": "accept_notice",
            "is_active": "on",
            "file": SimpleUploadedFile("t.docx", docx_with(payload(tmp_path / "ran")), DOCX),
            "uploaded_at_0": "2026-06-10",
            "uploaded_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    assert "模板不能使用：不允许访问内部属性" in response.content.decode()
    assert DocumentTemplate.objects.count() == 0


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("{{ employer }}", "未知字段“employer”"),  # a field of another document (调查核实函)
        ("{{ petitioner|safe }}", "不允许使用过滤器“safe”"),
        ("{{ petitioner|tojson }}", "不允许使用过滤器“tojson”"),
        ("{% if petitioner is callable %}x{% endif %}", "不允许使用判断“callable”"),
        ("{% include 'other.xml' %}", "不允许使用{% include %}"),
        ("{% set x = 1 %}", "不允许使用{% set %}"),
        ("{% macro m() %}{% endmacro %}", "不允许使用{% macro %}"),
        ("{% autoescape false %}{{ petitioner }}{% endautoescape %}", "不允许使用{% autoescape %}"),
        ("{{ number * 1000000 }}", "不允许使用乘法运算"),
        ("{{ _private }}", "不允许访问内部属性“_private”"),
        ("{{ petitioner", "标记不完整或写法有误"),
    ],
)
def test_an_upload_with_unknown_fields_filters_or_tags_is_refused(source, problem):
    problems = check_template(docx_with(source), "accept_notice")
    assert any(problem in p for p in problems), problems


def test_a_broken_docx_is_refused():
    not_a_zip = b"PK\x03\x04 truncated"
    assert check_template(not_a_zip, "accept_notice") == ["模板文件不是有效的 Word 文档（.docx），无法打开。"]
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    assert "缺少正文" in check_template(empty.getvalue(), "accept_notice")[0]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    assert check_template(broken.getvalue(), "accept_notice") == ["模板文件已损坏，无法打开。"]
    form = DocumentTemplateForm(
        data={"kind": "accept_notice"},
        files=MultiValueDict({"file": [SimpleUploadedFile("t.docx", not_a_zip, DOCX)]}),
    )
    assert not form.is_valid() and "file" in form.errors


def test_tags_in_headers_and_document_properties_are_checked_too():
    document = docx.Document()
    document.add_paragraph("{{ petitioner }}")
    document.sections[0].header.paragraphs[0].text = "{{ petitioner.__dict__ }}"
    document.core_properties.title = "{{ lipsum() }}"
    out = io.BytesIO()
    document.save(out)
    problems = check_template(out.getvalue(), "accept_notice")
    assert (
        "不允许访问内部属性“__dict__”。" in problems
        and "未知字段“lipsum”（可用字段见《开发说明》docs/documents.md）。" in problems
    )


def test_an_upload_using_documented_fields_loops_and_allowed_filters_is_saved_and_used(
    accepted, handler, administrator
):
    content = docx_with(
        "本地告知 {{ number }} {{ petitioner|default('信访人') }}",
        "{%p for item in request_paras %}",
        "{{ loop.index }}. {{ item|truncate(200) }}",
        "{%p endfor %}",
        "{%p if handling_days > 30 %}",
        "{{ handling_days }}日内办结",
        "{%p endif %}",
    )
    form = DocumentTemplateForm(
        data={"kind": "accept_notice", "is_active": "on"},
        files=MultiValueDict({"file": [SimpleUploadedFile("t.docx", content, DOCX)]}),
    )
    assert form.is_valid(), form.errors
    form.instance.uploaded_by = administrator
    form.save()
    document = generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    with document.file.open("rb") as f:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(f.read())).paragraphs)
    assert (
        text.startswith(f"本地告知 编号：{accepted.number} 张三") and "1. " in text and "60日内办结" in text
    )


@pytest.mark.parametrize("kind", list(templates()))
def test_every_default_template_validates_and_renders_in_the_sandbox(kind, db):
    content = (DEFAULTS_DIR / f"{kind}.docx").read_bytes()
    assert check_template(content, kind) == []
    spec = templates()[kind]
    data = {
        name: ["第一段<&>", "第二段"] if name.endswith("_paras") else f"【{name}】" for name in spec.fields
    }
    out = render(kind, data)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    text += "\n".join(c.text for t in docx.Document(io.BytesIO(out)).tables for r in t.rows for c in r.cells)
    assert "{{" not in text and "{%" not in text
    used = {name for name in spec.fields if f"【{name}】" in text}
    assert used, kind
    if any(isinstance(block, Loop) for block in spec.blocks):
        assert "第一段<&>\n第二段" in text


def test_the_context_is_cut_down_to_the_documented_fields(accepted, handler, administrator):
    """A stored template that names an undocumented value gets nothing for it."""
    DocumentTemplate.objects.create(
        kind="accept_notice",
        file=SimpleUploadedFile("t.docx", docx_with("[{{ employer }}][{{ petitioner }}]")),
        uploaded_by=administrator,
    )
    data = {name: "值" for name in templates()["accept_notice"].fields} | {"employer": "不应出现"}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render("accept_notice", data))).paragraphs)
    assert text == "[][值]"


def test_the_admin_list_shows_the_problems_of_a_template_stored_before_the_check(client, administrator):
    DocumentTemplate.objects.create(
        kind="accept_notice",
        file=SimpleUploadedFile("old.docx", docx_with("{{ petitioner.__class__ }}")),
        uploaded_by=administrator,
    )
    DocumentTemplate.objects.create(
        kind="reject_notice",
        file=SimpleUploadedFile("good.docx", docx_with("{{ petitioner }}：{{ reason }}")),
        uploaded_by=administrator,
    )
    client.force_login(administrator)
    page = client.get(reverse("admin:documents_documenttemplate_changelist")).content.decode()
    assert "不允许访问内部属性“__class__”" in page and "通过" in page
