"""The import page: upload → preview → commit through the background task, the job page polled by htmx, the
result kept; someone else's job is a 404."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from xinfang.imports.models import ImportJob
from xinfang.orgs.models import Employer

from .conftest import xlsx

HEADERS = ["单位名称", "统一社会信用代码", "所属行业"]
GOOD = xlsx(HEADERS, [["深圳市甲公司", "", "制造业"], ["深圳市乙公司", "", ""]])
BAD = xlsx(HEADERS, [["深圳市甲公司", "", "制造业"], ["深圳市乙公司", "", "不知道"]])


def upload(client, content: bytes, **extra):
    data = {"kind": "employers", "file": SimpleUploadedFile("单位.xlsx", content)} | extra
    return client.post(reverse("imports:page"), data, follow=True)


def test_the_employer_register_links_the_page_which_offers_the_kinds_the_user_may_import(
    client, registrar, administrator, leader
):
    client.force_login(registrar)
    register = client.get(reverse("orgs:employer_list"), {"q": "深圳"}).content.decode()
    assert f'href="{reverse("imports:page")}"' in register
    assert f'href="{reverse("imports:export", args=["employers"])}?q=%E6%B7%B1%E5%9C%B3"' in register
    page = client.get(reverse("imports:page")).content.decode()
    assert 'name="file"' in page
    assert reverse("imports:template", args=["employers"]) in page
    assert (
        reverse("imports:template", args=["orgs"]) not in page
    )  # adding organisations is an administrator's
    assert reverse("imports:export", args=["employers"]) in page
    client.force_login(administrator)
    assert reverse("imports:template", args=["orgs"]) in client.get(reverse("imports:page")).content.decode()
    client.force_login(leader)
    page = client.get(reverse("imports:page")).content.decode()
    assert "您的角色不能导入数据。" in page and 'name="file"' not in page
    assert reverse("imports:export", args=["employers"]) in page  # the register he reads, he may export


def test_a_bad_file_is_previewed_with_its_problems_and_saves_nothing(client, registrar):
    client.force_login(registrar)
    response = upload(client, BAD)
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == reverse("imports:job", args=[job.pk])
    page = response.content.decode()
    assert "有错误，未导入" in page and "文件中有 1 个问题，未导入任何数据" in page
    assert "第 3 行" in page and "所属行业" in page and "不知道" in page and "不是可选的值" in page
    assert "确认导入" not in page
    assert not Employer.objects.exists()
    # The result stays: the job page and the list of jobs show it later.
    assert "有错误，未导入" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "1 个问题" in client.get(reverse("imports:page")).content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("imports:problems", args=[job.pk])).content)).active
    assert [c.value for c in sheet[3]] == [3, "所属行业", sheet["C3"].value, "不知道"]


def test_a_good_file_is_checked_then_committed(client, registrar):
    client.force_login(registrar)
    page = upload(client, GOOD).content.decode()
    assert "检查通过：共2行，可以导入。" in page and "确认导入" in page
    assert not Employer.objects.exists()  # the preview saves nothing
    job = ImportJob.objects.get()
    page = client.post(reverse("imports:commit", args=[job.pk]), follow=True).content.decode()
    assert "已导入" in page and "新增用人单位2家" in page
    assert Employer.objects.count() == 2
    # Committing again is refused, and adds nothing.
    page = client.post(reverse("imports:commit", args=[job.pk]), follow=True).content.decode()
    assert "该导入不能再提交（已导入）" in page
    assert Employer.objects.count() == 2


def test_the_status_panel_polls_while_the_job_runs_and_stops_when_done(client, registrar):
    client.force_login(registrar)
    upload(client, GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="checking", rows_total=200, rows_done=50)
    panel = client.get(
        reverse("imports:status", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in panel and 'aria-valuenow="25"' in panel and "已检查 50 行" in panel
    ImportJob.objects.filter(pk=job.pk).update(status="ready")
    panel = client.get(
        reverse("imports:status", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in panel and "确认导入" in panel


def test_an_upload_that_is_no_workbook_is_refused_on_the_form(client, registrar):
    client.force_login(registrar)
    page = upload(client, b"%PDF-1.4 not a sheet").content.decode()
    assert "导入文件须为 Excel 工作簿（.xlsx）" in page
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("name", ["imports:job", "imports:status", "imports:problems"])
def test_the_outsider_gets_404_on_someone_elses_job(client, registrar, outsider, name):
    client.force_login(registrar)
    upload(client, BAD)
    job = ImportJob.objects.get()
    client.force_login(outsider)
    assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.file_name not in client.get(reverse("imports:page")).content.decode()


def test_the_outsider_cannot_commit_someone_elses_job(client, registrar, outsider):
    client.force_login(registrar)
    upload(client, GOOD)
    job = ImportJob.objects.get()
    client.force_login(outsider)
    assert client.post(reverse("imports:commit", args=[job.pk])).status_code == 404
    assert not Employer.objects.exists()


def test_a_committee_user_cannot_import_into_an_organisation_outside_his_subtree(
    client, committee_registrar, other_committee
):
    client.force_login(committee_registrar)
    page = upload(client, GOOD, org=str(other_committee.pk)).content.decode()
    assert "选择一个有效的选项" in page  # not among the organisations offered
    assert not ImportJob.objects.exists()


def test_the_template_downloads_for_the_kind(client, registrar):
    client.force_login(registrar)
    response = client.get(reverse("imports:template", args=["persons"]))
    assert response["Content-Disposition"] == 'attachment; filename="persons-template.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["导入数据", "填写说明", "可选值"]
    assert client.get(reverse("imports:template", args=["orgs"])).status_code == 404  # not his to import
    assert client.get(reverse("imports:template", args=["nothing"])).status_code == 404
