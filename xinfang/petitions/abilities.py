"""What the petition ledger's users may do, by role (registered in ``contributions.py``; docs/abilities.md).
Which step needs which ability is in ``workflow.py``; on whose records, in its ``may_act``."""

from __future__ import annotations

from xinfang.accounts.abilities import APPROVERS, DECIDERS, STAFF, Ability, Role

ABILITIES = (
    Ability("petitions.register", STAFF, "登记信访件"),
    Ability(
        "petitions.record",
        STAFF,
        "签收交办、填写办理记录、录入满意度评价、更正在办信访件的登记信息、生成文书；"
        "在工作台查看待受理、待签收、临期、待评价的信访件",
    ),
    Ability(
        "petitions.decide",
        DECIDERS,
        "作出受理决定、交办、退回和反馈交办、申请延期、办结、登记复查（复核）申请、录入复查（复核）意见、听证；"
        "在工作台查看办理中的信访件",
    ),
    Ability(
        "petitions.approve",
        APPROVERS,
        "审批延期、决定重新办理、更正已办结信访件的登记信息、录入本单位作出的复查（复核）意见",
    ),
    Ability("petitions.supervise", frozenset({Role.LEADER, Role.APPROVER}), "督办信访件"),
    Ability(
        "petitions.see_identity",
        frozenset({Role.HANDLER, Role.APPROVER}),
        "查看本单位负责或主办的保密信访件的信访人身份",
    ),
    Ability(
        "petitions.see_every_identity",
        frozenset({Role.LEADER}),
        "区总工会的领导：查看全区保密信访件的信访人身份",
    ),
    Ability(
        "petitions.follow_reviews",
        frozenset({Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR, Role.LEADER}),
        "在工作台查看复查复核中的信访件",
    ),
    Ability(
        "petitions.urgent_reports",
        frozenset({Role.LEADER}),
        "紧急重大信访件登记（或更正为紧急重大）时收到提醒；在工作台查看紧急重大信访件",
    ),
    Ability("petitions.desk_queue", frozenset({Role.REGISTRAR}), "在工作台查看本人当天登记的信访件"),
)
