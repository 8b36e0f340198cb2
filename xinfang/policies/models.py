"""The policy table: every limit and local rule an administrator may change, in one place.

``DEFAULTS`` holds the defaults of RULES.md; the table is seeded from it by a data migration and read
through ``policy(key)``. Code never writes a limit as a literal. ``TEXT_DEFAULTS`` holds the local facts told to
petitioners (the office's phone and desk hours), read through ``policy_text(key)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Default:
    value: int
    label: str
    help: str = ""


DEFAULTS: dict[str, Default] = {
    "collective_visit_threshold": Default(5, "集体访人数标准", "来访人数达到该数即计为集体访（人）"),
    "deadline_roll_forward": Default(
        1, "期满日遇休息日顺延", "1＝顺延至下一个工作日（民法典第二百零三条），0＝不顺延"
    ),
    "intake_notice_days": Default(
        15, "受理告知期限（日）", "收到之日起15日内书面告知是否受理（《信访工作条例》第二十三条）"
    ),
    "handling_days": Default(60, "办理期限（日）", "受理之日起60日内办结（《信访工作条例》第三十四条）"),
    "extension_max_days": Default(
        30, "延期上限（日）", "经单位负责人批准可延长，不超过30日，仅限一次（第三十四条）"
    ),
    "rating_window_days": Default(30, "满意度评价期限（日）", "答复后在该期限内收集评价"),
    "due_soon_days": Default(3, "临期提醒（日）", "距期满日不超过该天数时提醒"),
    "objection_working_days": Default(
        5,
        "转送事项异议期限（工作日）",
        "不属于本单位职责的转送、交办事项，收到之日起5个工作日内提出异议（第二十三条）",
    ),
    "assignment_days": Default(30, "交办默认办理期限（日）", "交办时未指定期限的，默认该天数"),
    "reopen_handling_days": Default(30, "重新办理期限（日）", "不满意后决定重新办理的办理期限"),
    "review_request_days": Default(
        30, "复查申请期限（日）", "收到书面答复之日起30日内可请求复查（第三十五条）"
    ),
    "review_decision_days": Default(
        30, "复查办理期限（日）", "收到复查请求之日起30日内提出复查意见（第三十五条）"
    ),
    "re_review_request_days": Default(
        30, "复核申请期限（日）", "收到复查意见之日起30日内可请求复核（第三十六条）"
    ),
    "re_review_decision_days": Default(
        30, "复核办理期限（日）", "收到复核请求之日起30日内提出复核意见（第三十六条）"
    ),
    "attachment_max_mb": Default(20, "附件大小上限（MB）", "单个附件不得超过该大小"),
    "attachment_max_files": Default(10, "每次附件个数上限", "一条办理记录一次最多上传的附件个数"),
    "attachment_total_mb": Default(
        50, "附件合计上限（MB）", "一条办理记录一次上传的附件合计不得超过该大小（另受 MAX_REQUEST_MB 限制）"
    ),
    "mediation_days": Default(
        15,
        "调解期限（日）",
        "收到调解申请之日起15日内未达成协议的，当事人可以申请仲裁（《劳动争议调解仲裁法》第十四条）",
    ),
    "mediation_representative_threshold": Default(
        10,
        "推举代表人数标准（人）",
        "发生争议的劳动者一方在该人数以上且有共同请求的，可以推举代表参加调解（第七条）",
    ),
    "collective_visit_max_representatives": Default(
        5, "集体访代表人数上限", "《信访工作条例》第二十条：不超过5人"
    ),
    "inquiry_reply_days": Default(
        15,
        "调查核实函回复期限（日）",
        "调查核实函要求被反映单位回复的期限，自发函之日起计算，期满日遇休息日顺延",
    ),
    "import_max_mb": Default(
        20, "导入文件大小上限（MB）", "上传导入的 Excel 文件不得超过该大小（另受 MAX_REQUEST_MB 限制）"
    ),
    "import_max_rows": Default(
        200000, "导入行数上限", "一个导入文件最多的数据行数，更多的请分成几个文件导入"
    ),
}


@dataclass(frozen=True)
class TextDefault:
    text: str
    label: str
    help: str = ""


# Local facts told to petitioners (the receipt and the registration sheet): texts, in the same table.
TEXT_DEFAULTS: dict[str, TextDefault] = {
    "office_phone": TextDefault(
        "12351", "查询电话", "回执和信访登记表上告知信访人查询办理情况的电话（默认为全国总工会职工服务热线）"
    ),
    "office_hours": TextDefault(
        "工作日上午9:00—12:00，下午14:00—17:30（法定节假日除外）",
        "接待时间",
        "回执和信访登记表上告知信访人的来访接待时间",
    ),
}


class Policy(models.Model):
    key = models.CharField("参数", max_length=60, unique=True)
    label = models.CharField("名称", max_length=60)
    value = models.IntegerField("取值")
    text = models.CharField("内容", max_length=200, blank=True)  # the texts of TEXT_DEFAULTS; value 0
    help = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "业务参数"
        verbose_name_plural = "业务参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label}：{self.value}"


class PolicyText(Policy):
    """The text policies (TEXT_DEFAULTS), edited on their own page beside the limits."""

    class Meta:
        proxy = True
        verbose_name = "接待信息"
        verbose_name_plural = "接待信息（回执、登记表）"


def policy_text(key: str) -> str:
    """The current text of a text policy; the default if the row is missing or left blank."""
    row = Policy.objects.filter(key=key).values_list("text", flat=True).first()
    return row or TEXT_DEFAULTS[key].text


_READ_ONCE: ContextVar[dict[str, int] | None] = ContextVar("policies_read_once", default=None)


@contextmanager
def policies_read_once() -> Iterator[None]:
    """Within it, each policy is read from the database once (a batch of rows checked by the same rules: an
    import), instead of once per call. Per thread and per task (a context variable)."""
    token = _READ_ONCE.set({})
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def policy(key: str) -> int:
    """The current value of a policy; the documented default if the row is missing."""
    cache = _READ_ONCE.get()
    if cache is not None and key in cache:
        return cache[key]
    row = Policy.objects.filter(key=key).values_list("value", flat=True).first()
    value = DEFAULTS[key].value if row is None else row
    if cache is not None:
        cache[key] = value
    return value
