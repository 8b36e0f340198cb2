"""The audit log is append-only for everyone, and holds logins, failed logins, logouts and lockouts."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from xinfang.audit import triggers
from xinfang.audit.models import AccessAction, AccessLog, LoginAction, LoginEvent, log_access, log_login
from xinfang.conftest import PASSWORD


@pytest.fixture
def rows(registrar):
    access = log_access(user=registrar, action=AccessAction.REVEAL_PHONE, obj=registrar, detail="原始")
    login = log_login(action=LoginAction.FAILED, username="nobody")
    return {"audit_accesslog": access, "audit_loginevent": login}


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as e:
        return "append-only" in str(e)
    return False


@pytest.mark.parametrize("table", triggers.TABLES)
def test_raw_sql_update_and_delete_of_an_audit_table_are_refused(rows, table):
    row = rows[table]
    column = "detail" if table == "audit_accesslog" else "username"
    assert _refused(f"UPDATE {table} SET {column} = 'changed' WHERE id = {row.pk}")
    assert _refused(f"DELETE FROM {table} WHERE id = {row.pk}")
    assert _refused(f"DELETE FROM {table}")
    row.refresh_from_db()
    assert getattr(row, column) in ("原始", "nobody")


@pytest.mark.parametrize("model", [AccessLog, LoginEvent])
def test_queryset_update_and_delete_are_refused_by_the_database(rows, model):
    before = list(model.objects.values())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model.objects.all().update(ip_address="10.0.0.1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model.objects.all().delete()
    assert list(model.objects.values()) == before


def test_saving_or_deleting_a_row_is_refused_before_the_database(rows):
    access = rows["audit_accesslog"]
    with pytest.raises(ValueError, match="不可修改"):
        access.save()
    with pytest.raises(ValueError, match="不可删除"):
        rows["audit_loginevent"].delete()


def test_flushing_the_database_does_not_empty_the_audit_log(rows):
    if connection.vendor == "postgresql":  # else TRUNCATE stops at the test transaction's deferred FK checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(CommandError) as refused, transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
    assert isinstance(refused.value.__cause__, DatabaseError) and "append-only" in str(
        refused.value.__cause__
    )
    assert AccessLog.objects.count() == 1 and LoginEvent.objects.count() == 1


def test_triggers_removed_for_a_test_flush_come_back_after_it(rows):
    with transaction.atomic(), triggers.unlocked(connection):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_loginevent")
        assert not LoginEvent.objects.exists()
    assert _refused("DELETE FROM audit_accesslog")


@pytest.mark.parametrize("model", ["accesslog", "loginevent"])
def test_admin_reads_the_audit_log_but_offers_no_add_change_or_delete(client, administrator, rows, model):
    row = rows[f"audit_{model}"]
    client.force_login(administrator)
    changelist = client.get(reverse(f"admin:audit_{model}_changelist"))
    assert changelist.status_code == 200
    assert 'name="action"' not in changelist.content.decode()  # no bulk "delete selected"
    page = client.get(reverse(f"admin:audit_{model}_change", args=[row.pk])).content.decode()
    assert 'name="_save"' not in page and "deletelink" not in page
    assert client.post(reverse(f"admin:audit_{model}_change", args=[row.pk]), {}).status_code == 403
    assert (
        client.post(reverse(f"admin:audit_{model}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse(f"admin:audit_{model}_add")).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_login_failed_logins_lockout_and_logout_are_logged(client, registrar, settings):
    login = reverse("accounts:login")
    client.post(login, {"username": "no-such-user", "password": "x"})
    failed = LoginEvent.objects.get()
    assert (failed.action, failed.username, failed.user, failed.ip_address) == (
        LoginAction.FAILED,
        "no-such-user",
        None,
        "127.0.0.1",
    )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "registrar", "password": "wrong"})
    locked = LoginEvent.objects.filter(action=LoginAction.LOCKED_OUT).get()
    assert (locked.username, locked.user) == ("registrar", registrar)
    assert (
        LoginEvent.objects.filter(action=LoginAction.FAILED, user=registrar).count()
        == settings.AXES_FAILURE_LIMIT
    )

    client.post(login, {"username": "registrar", "password": PASSWORD})  # refused while locked
    assert not LoginEvent.objects.filter(action=LoginAction.LOGIN).exists()
    call_command("axes_reset", verbosity=0)  # axes may forget; the audit log does not
    assert LoginEvent.objects.count() >= 2 + settings.AXES_FAILURE_LIMIT

    client.post(login, {"username": "registrar", "password": PASSWORD})
    assert LoginEvent.objects.filter(action=LoginAction.LOGIN, user=registrar, username="registrar").exists()
    client.post(reverse("accounts:logout"))
    assert LoginEvent.objects.filter(action=LoginAction.LOGOUT, user=registrar).exists()


def test_a_user_name_the_database_cannot_store_is_logged_cleaned(rows):
    event = log_login(action=LoginAction.FAILED, username="a\x00b\ud800" + "x" * 300)
    event.refresh_from_db()
    assert event.username.startswith("ab?") and len(event.username) == 150
