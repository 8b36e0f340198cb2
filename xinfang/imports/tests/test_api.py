"""Imports through the API: upload (checked in the background), status, errors a page at a time, commit; the
outsider's 404, and the kinds with their columns."""

from django.core.files.uploadedfile import SimpleUploadedFile

from xinfang.imports.models import ImportJob
from xinfang.orgs.models import Employer

from .conftest import xlsx

HEADERS = ["单位名称", "所属行业", "职工人数"]
GOOD = xlsx(HEADERS, [["深圳市甲公司", "制造业", 10]])
BAD = xlsx(HEADERS, [[f"深圳市{i}号公司", "制造业", "很多"] for i in range(5)])


def post(client, content: bytes, **data):
    return client.post(
        "/api/v1/imports", {"kind": "employers", "file": SimpleUploadedFile("a.xlsx", content)} | data
    )


def test_upload_status_and_commit(client, registrar):
    client.force_login(registrar)
    response = post(client, GOOD)
    assert response.status_code == 201, response.content
    job = response.json()
    assert (job["kind"], job["status"], job["status_label"], job["rows_total"]) == (
        "employers",
        "ready",
        "检查通过，待确认导入",
        1,
    )
    assert job["org_id"] == registrar.org_id
    assert client.get(f"/api/v1/imports/{job['id']}").json()["summary"] == "检查通过：共1行，可以导入。"
    committed = client.post(f"/api/v1/imports/{job['id']}/commit")
    assert committed.status_code == 202
    assert committed.json()["status"] == "committed"
    assert Employer.objects.get().employees == 10
    again = client.post(f"/api/v1/imports/{job['id']}/commit")
    assert again.status_code == 400 and again.json()["detail"] == "该导入不能再提交（已导入）。"


def test_the_errors_of_a_bad_file_a_page_at_a_time(client, registrar):
    client.force_login(registrar)
    job = post(client, BAD).json()
    assert (job["status"], job["problem_count"]) == ("refused", 5)
    first = client.get(f"/api/v1/imports/{job['id']}/errors", {"limit": 3}).json()
    assert [e["row"] for e in first["items"]] == [2, 3, 4]
    assert first["items"][0] == {"row": 2, "column": "职工人数", "message": "应为整数。", "value": "很多"}
    rest = client.get(
        f"/api/v1/imports/{job['id']}/errors", {"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert [e["row"] for e in rest["items"]] == [5, 6] and rest["next_cursor"] is None
    refused = client.post(f"/api/v1/imports/{job['id']}/commit")
    assert refused.status_code == 400 and refused.json()["detail"] == "文件有错误，未导入：请改正后重新上传。"
    assert not Employer.objects.exists()


def test_the_outsider_gets_404_on_someone_elses_job(client, registrar, outsider):
    client.force_login(registrar)
    job = post(client, GOOD).json()
    client.force_login(outsider)
    for url in (f"/api/v1/imports/{job['id']}", f"/api/v1/imports/{job['id']}/errors"):
        assert client.get(url).status_code == 404
    assert client.post(f"/api/v1/imports/{job['id']}/commit").status_code == 404
    assert ImportJob.objects.get().status == "ready"


def test_a_kind_the_user_may_not_import_and_an_organisation_outside_his_scope(
    client, registrar, committee_registrar, other_committee
):
    client.force_login(registrar)
    refused = post(client, GOOD, kind="orgs")
    assert refused.status_code == 403 and refused.json()["detail"] == "您的角色不能导入组织。"
    client.force_login(committee_registrar)
    outside = post(client, GOOD, org_id=other_committee.pk)
    assert outside.status_code == 422
    assert outside.json()["errors"] == {"org": ["导入到组织：该组织不存在，或不在您的管辖范围内。"]}
    unknown = post(client, GOOD, kind="nothing")
    assert unknown.status_code == 422 and unknown.json()["errors"] == {"kind": ["请选择导入类型。"]}
    assert not ImportJob.objects.exists()


def test_the_kinds_with_their_columns(client, registrar, committee):
    client.force_login(registrar)
    kinds = client.get("/api/v1/imports/kinds").json()
    assert [k["kind"] for k in kinds][:2] == [
        "employers",
        "persons",
    ]  # then the ledgers' kinds, as registered
    assert {"petitions", "consultations"} <= {k["kind"] for k in kinds}
    org_column = next(c for c in kinds[0]["columns"] if c["field"] == "org")
    assert org_column["allowed"] == [committee.name]
