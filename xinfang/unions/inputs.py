"""The inputs of the unions ledger's actions, declared once (ninja ``Schema``s whose limits come from the model
columns): the actions take them, the API operations take them as bodies, the pages and the imports build them."""

from __future__ import annotations

from datetime import date

from ninja import Schema

from xinfang.lib.apifields import limit

from .models import Coverage, GrassrootsUnion, MemberBatch


class UnionIn(Schema):
    """A union founded (``register_union``) or transferred in (``record_transfer_in``: ``transferred_on`` and
    ``transferred_from`` then required)."""

    name: str = limit(GrassrootsUnion, "name")
    kind: str = limit(GrassrootsUnion, "kind")
    founded_on: date = limit(GrassrootsUnion, "founded_on")
    # None: the user's own organisation.
    org_id: int | None = limit(GrassrootsUnion, "org", default=None)
    approved_by_id: int | None = limit(GrassrootsUnion, "approved_by", default=None)
    approval_ref: str = limit(GrassrootsUnion, "approval_ref", default="")
    approved_on: date | None = limit(GrassrootsUnion, "approved_on", default=None)
    chair: str = limit(GrassrootsUnion, "chair", default="")
    workers: int = limit(GrassrootsUnion, "workers", default=0)
    members: int = limit(GrassrootsUnion, "members", default=0)
    counted_on: date | None = limit(GrassrootsUnion, "counted_on", default=None)
    transferred_on: date | None = limit(GrassrootsUnion, "transferred_on", default=None)
    transferred_from: str = limit(GrassrootsUnion, "transferred_from", default="")


class UnionEditIn(Schema):
    name: str = limit(GrassrootsUnion, "name")
    kind: str = limit(GrassrootsUnion, "kind")
    founded_on: date = limit(GrassrootsUnion, "founded_on")
    approved_by_id: int | None = limit(GrassrootsUnion, "approved_by", default=None)
    approval_ref: str = limit(GrassrootsUnion, "approval_ref", default="")
    approved_on: date | None = limit(GrassrootsUnion, "approved_on", default=None)
    chair: str = limit(GrassrootsUnion, "chair", default="")
    version: int = limit(GrassrootsUnion, "version")


class HeadcountIn(Schema):
    workers: int = limit(GrassrootsUnion, "workers")
    members: int = limit(GrassrootsUnion, "members")
    counted_on: date = limit(GrassrootsUnion, "counted_on")
    version: int = limit(GrassrootsUnion, "version")


class CoverageIn(Schema):
    employer_id: int = limit(Coverage, "employer")
    start_on: date = limit(Coverage, "start_on")
    workers: int | None = limit(Coverage, "workers", default=None)
    members: int | None = limit(Coverage, "members", default=None)
    counted_on: date | None = limit(Coverage, "counted_on", default=None)


class CoverageEndIn(Schema):
    end_on: date = limit(Coverage, "end_on")


class MemberBatchIn(Schema):
    union_id: int = limit(MemberBatch, "union")
    kind: str = limit(MemberBatch, "kind", default="enrolment")
    on: date = limit(MemberBatch, "on")
    count: int = limit(MemberBatch, "count")
    migrant_workers: int = limit(MemberBatch, "migrant_workers", default=0)
    women: int = limit(MemberBatch, "women", default=0)
    destination: str = limit(MemberBatch, "destination", default="")


class UnionEndIn(Schema):
    """Merging (``merged_into_id`` required) or dissolving a union on ``ended_on``."""

    ended_on: date = limit(GrassrootsUnion, "ended_on")
    merged_into_id: int | None = limit(GrassrootsUnion, "merged_into", default=None)
    version: int = limit(GrassrootsUnion, "version")
