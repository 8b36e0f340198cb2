"""The dictionaries of petition work: stable English values, Chinese labels."""

from django.db import models


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    HOTLINE = "hotline", "12351热线"
    ONLINE = "online", "网上信访"
    FAX = "fax", "传真"


class Source(models.TextChoices):
    DIRECT = "direct", "直接受理"
    TRANSFERRED = "transferred", "信访部门转送"
    ASSIGNED_DOWN = "assigned_down", "上级交办"


class Kind(models.TextChoices):
    CLAIM = "claim", "申诉求决类"
    SUGGESTION = "suggestion", "建议意见类"
    ACCUSATION = "accusation", "检举控告类"


class Status(models.TextChoices):
    REGISTERED = "registered", "待受理"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    TRANSFERRED_OUT = "transferred_out", "已转送"
    REFERRED = "referred", "已告知另行提出"
    DIVERTED = "diverted", "已导入法定程序"
    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    CONCLUDED = "concluded", "已办结"
    RATED = "rated", "已评价"
    IN_REVIEW = "in_review", "复查中"
    REVIEWED = "reviewed", "已复查"
    IN_RE_REVIEW = "in_re_review", "复核中"
    TERMINATED = "terminated", "已终结"


class IntakeDecision(models.TextChoices):
    """The written answer to "will it be handled, and how" (信访工作条例 第二十三条)."""

    ACCEPT = "accept", "受理"
    REJECT = "reject", "不予受理"
    TRANSFER_OUT = "transfer_out", "转送"
    REFER = "refer", "告知另行提出"
    DIVERT = "divert", "导入法定程序"


class RejectReason(models.TextChoices):
    ALREADY_HANDLED = "already_handled", "已受理或正在办理，又向上级机关提出（第十九条第三款）"
    RE_REVIEWED = "re_reviewed", "经复核后以同一事实和理由再次提出（第三十六条）"
    OUTSIDE_REMIT = "outside_remit", "不属于工会职责范围"
    # No ground in the regulation: kept so that earlier decisions stay readable, never offered or accepted now.
    OTHER = "other", "其他"


# The reasons a new decision may give (信访工作条例 第十九条第三款, 第二十三条, 第三十六条).
REJECT_REASONS_IN_FORCE = (RejectReason.ALREADY_HANDLED, RejectReason.RE_REVIEWED, RejectReason.OUTSIDE_REMIT)


class Outcome(models.TextChoices):
    UPHELD = "upheld", "支持"
    PARTLY_UPHELD = "partly_upheld", "部分支持"
    EXPLAINED = "explained", "解释说明"
    NOT_UPHELD = "not_upheld", "不予支持"


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", "当面送达"
    POST = "post", "邮寄"
    ONLINE = "online", "网上答复"
    PHONE = "phone", "电话告知并寄送"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class RatingMethod(models.TextChoices):
    PHONE = "phone", "电话回访"
    SMS = "sms", "短信"
    IN_PERSON = "in_person", "当面"
    ONLINE = "online", "网上评价"


class PetitionerRole(models.TextChoices):
    MAIN = "main", "主信访人"
    REPRESENTATIVE = "representative", "代表"
    CO = "co", "共同信访人"


class TerminationReason(models.TextChoices):
    RE_REVIEWED = "re_reviewed", "复核终结"
    REVIEW_WINDOW_LAPSED = "review_lapsed", "复查申请期限届满未申请"
    RE_REVIEW_WINDOW_LAPSED = "re_review_lapsed", "复核申请期限届满未申请"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", "待签收"
    TAKEN = "taken", "已签收"
    RETURNED = "returned", "已退回"
    FINISHED = "finished", "已反馈"


class ReturnReason(models.TextChoices):
    NOT_OUR_REMIT = "not_our_remit", "不属于本单位职责范围"
    WRONG_UNIT = "wrong_unit", "交办单位有误"
    INCOMPLETE = "incomplete", "材料不全，无法办理"
    DUPLICATE = "duplicate", "重复交办"
    OTHER = "other", "其他"


class NoteKind(models.TextChoices):
    NOTE = "note", "办理记录"
    INVESTIGATION = "investigation", "调查核实"
    TALK = "talk", "约谈协调"
    RECUSAL = "recusal", "回避"


class ReviewLevel(models.TextChoices):
    REVIEW = "review", "复查"
    RE_REVIEW = "re_review", "复核"


class ReviewDirection(models.TextChoices):
    RECEIVED = "received", "本会办理（对下级工会处理意见）"
    SENT_UP = "sent_up", "报送上级工会"


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", "维持原处理意见"
    CHANGED = "changed", "变更原处理意见"
    REVOKED = "revoked", "撤销原处理意见，责令重新办理"
    NOT_ACCEPTED = "not_accepted", "不予受理（超过申请期限或不符合条件）"
