"""The REST API under /api/v1/ (OpenAPI at /api/v1/docs). Routers live in each app's api.py; they use the same
scope rules and the same actions as the pages."""

from django.core.exceptions import ValidationError
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaValidationError

from xinfang.accounts.api_auth import TokenRejected, api_auth
from xinfang.consultations.api import router as consultations_router
from xinfang.inbox.api import router as inbox_router
from xinfang.lib.exceptions import ActionError, Conflict, NotAllowed
from xinfang.mediations.api import router as mediations_router
from xinfang.orgs.api import router as orgs_router
from xinfang.people.api import router as people_router
from xinfang.petitions.api import router as petitions_router

api = NinjaAPI(title="工会信访维权工作平台 API", version="1", auth=api_auth, urls_namespace="api")
api.add_router("/petitions", petitions_router)
api.add_router("/persons", people_router)
api.add_router("/reminders", inbox_router)
api.add_router("/mediations", mediations_router)
api.add_router("/consultations", consultations_router)
api.add_router("/", orgs_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "提交的数据有误。", "errors": errors}, status=422)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc: SchemaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", []) if p not in ("body", "query", "path", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(f"格式不正确（{error.get('msg', '')}）")
    return api.create_response(request, {"detail": "提交的数据格式有误。", "errors": errors}, status=422)


@api.exception_handler(ActionError)
def on_action_error(request, exc: ActionError):
    status = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, NotAllowed) else 400
    return api.create_response(request, {"detail": exc.message}, status=status)


@api.exception_handler(TokenRejected)
def on_token_rejected(request, exc: TokenRejected):
    """A bearer token that was sent but is unknown, revoked or expired: 401 with the reason."""
    return api.create_response(request, {"detail": exc.message}, status=401)
