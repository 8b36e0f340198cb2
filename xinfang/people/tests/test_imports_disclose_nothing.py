"""The identity matrix, for imports: importing a petitions file (or a consultations file) with the ID number of a
confidential accuser of another organisation tells the importing user nothing — the preview passes as for a new
number, the result counts the row as new, and neither the problems nor the summary name the accuser or his case
(docs/scope.md, "Registering by an ID number already on file discloses nothing"; docs/imports.md)."""

from django.utils import timezone

from xinfang.imports.actions import confirm_import, upload_import
from xinfang.imports.registry import import_kind
from xinfang.imports.tests.conftest import xlsx
from xinfang.lib.idnumber import make_id_number
from xinfang.people.models import Person
from xinfang.petitions.models import Petition

from .conftest import ACCUSER, ACCUSER_PHONE

HEADERS = [c.header for c in import_kind("petitions").columns]  # type: ignore[union-attr]


def petition_row(accusation, id_number, **cells) -> list:
    received = timezone.localtime(accusation.received_at)
    values = {
        "收到时间": received.strftime("%Y-%m-%d %H:%M"),
        "渠道": "来访",
        "信访类型": "检举控告类",
        "诉求类别": f"{accusation.category.parent.name}／{accusation.category.name}",
        "信访人": "李四",
        "身份证号": id_number,
        "信访请求": "请求查处。",
        "事实": "有违法行为。",
        "理由": "依法应查处。",
    } | cells
    return [values.get(h, "") for h in HEADERS]


def _said(job) -> str:
    return job.summary + " ".join(f"{p.column}{p.message}{p.value}" for p in job.problems.all())


def test_importing_the_id_number_of_a_confidential_accuser_discloses_nothing(
    other_registrar, accusation, accuser_id
):
    fresh = make_id_number("440305", timezone.localdate().replace(year=1981), 321)
    answers = []
    for number in (accuser_id, fresh):
        job = upload_import(
            by=other_registrar, kind="petitions", file_name="p.xlsx",
            content=xlsx(HEADERS, [petition_row(accusation, number, **{"信访人": f"李四{number[-4:]}"})]),
        )  # fmt: skip
        job.refresh_from_db()
        answers.append((job.status, job.summary.replace("1行", "")))
        assert ACCUSER not in _said(job) and accusation.number not in _said(job)
        job = confirm_import(job=job, by=other_registrar)
        assert job.status == "committed"
        assert job.summary == "新增信访件1件；0件已在册，未改动。"  # the same answer for both numbers
        assert ACCUSER not in _said(job) and accusation.number not in _said(job)
    assert answers[0] == answers[1]
    # The stored accuser keeps his data; the new petition keeps what the importer typed.
    accuser = Person.objects.get(id_number=accuser_id)
    assert (accuser.name, accuser.phone) == (ACCUSER, ACCUSER_PHONE)
    imported = Petition.objects.exclude(pk=accusation.pk).filter(petitioners__id_number=accuser_id).get()
    assert imported.petitioners.get().name != ACCUSER
    # Its repeat flag is stored, but nothing about it was told at import.
    assert not imported.events.filter(summary__contains=accusation.number).exists()


def test_a_bad_row_with_the_accusers_id_number_says_what_a_new_number_would(
    other_registrar, accusation, accuser_id
):
    fresh = make_id_number("440305", timezone.localdate().replace(year=1981), 321)
    said = []
    for number in (accuser_id, fresh):
        job = upload_import(
            by=other_registrar, kind="petitions", file_name="p.xlsx",
            content=xlsx(HEADERS, [petition_row(accusation, number, 信访请求="")]),
        )  # fmt: skip
        job.refresh_from_db()
        assert job.status == "refused"
        said.append([(p.row, p.column, p.message) for p in job.problems.all()])
    assert said[0] == said[1]
