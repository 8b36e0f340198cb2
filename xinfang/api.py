"""The REST API under /api/v1/ (OpenAPI at /api/v1/docs). Routers live in each app's api.py; they use the same
scope rules and the same actions as the pages.

Every error answer is JSON with a Chinese message (``ErrorOut``): the handlers below, and ``ApiErrorsAsJson`` for
the answers Django gives before or outside an operation (unknown URL, wrong method, a body over the upload limit).
Each operation documents the error statuses it can answer (``document_errors``). The docs page and the schema
need a signed-in user of the platform (every account is union staff) or an API token.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationErrorContext
from ninja.errors import ValidationError as SchemaValidationError

from xinfang.accounts.api_auth import TokenAuth, TokenRejected, api_auth
from xinfang.consultations.api import router as consultations_router
from xinfang.contracts.api import router as contracts_router
from xinfang.delegates.api import router as delegates_router
from xinfang.homes.api import router as homes_router
from xinfang.imports.api import router as imports_router
from xinfang.inbox.api import router as inbox_router
from xinfang.ledgerkit.api import router_for
from xinfang.ledgerkit.declaration import ledgers
from xinfang.lib.apifields import api_messages, with_titles
from xinfang.lib.exceptions import ActionError, Conflict, NotAllowed
from xinfang.mediations.api import router as mediations_router
from xinfang.orgs.api import router as orgs_router
from xinfang.people.api import router as people_router
from xinfang.petitions.api import router as petitions_router
from xinfang.unions.api import batches_router as member_batches_router
from xinfang.unions.api import router as unions_router
from xinfang.unions.api import transfers_router as union_transfers_router


class ErrorOut(Schema):
    """Every error answer: a Chinese message, and for invalid input the messages by field
    (``petitioners.0.name``; ``__all__`` for the request as a whole)."""

    detail: str
    errors: dict[str, list[str]] | None = None


def staff_only(view):
    """The docs page and the OpenAPI schema: a signed-in user (or an API token); anonymous → login page (docs)
    or 401 JSON (schema)."""

    def wrapper(request: HttpRequest, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return view(request, *args, **kwargs)
        token = request.headers.get("Authorization", "")
        if token.lower().startswith("bearer ") and TokenAuth().authenticate(request, token[7:].strip()):
            return view(request, *args, **kwargs)
        if request.path.endswith("/docs"):
            return redirect_to_login(request.get_full_path())
        return JsonResponse({"detail": MESSAGES[401]}, status=401, json_dumps_params={"ensure_ascii": False})

    return wrapper


class Api(NinjaAPI):
    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> SchemaValidationError:
        """Each error with the titles of the fields along its location in the model that refused it, so that
        the message names the field as the operation's own model titles it (``api_messages``)."""
        errors: list[dict] = []
        for context in error_contexts:
            located = super().validation_error_from_error_contexts([context]).errors
            raw = context.pydantic_validation_error.errors(include_url=False)
            for error, titled in zip(located, with_titles(context.model, raw), strict=True):
                errors.append(error | {"titles": titled["titles"]})
        return SchemaValidationError(errors)


api = Api(
    title="工会信访维权工作平台 API",
    version="1",
    auth=api_auth,
    urls_namespace="api",
    docs=Swagger(),  # from the project's static files (ninja in INSTALLED_APPS): nothing from a CDN
    docs_decorator=staff_only,
)
api.add_router("/petitions", petitions_router)
api.add_router("/persons", people_router)
api.add_router("/reminders", inbox_router)
api.add_router("/mediations", mediations_router)
api.add_router("/consultations", consultations_router)
api.add_router("/unions", unions_router)
api.add_router("/union-transfers-in", union_transfers_router)
api.add_router("/member-batches", member_batches_router)
api.add_router("/contracts", contracts_router)
api.add_router("/imports", imports_router)
api.add_router("/homes", homes_router)  # its re-inspections and honours, beside the kit's operations
api.add_router("/delegates", delegates_router)
for _ledger in ledgers():  # every kit ledger's list, detail, create and update
    api.add_router(f"/{_ledger.key}", router_for(_ledger))
api.add_router("/", orgs_router)

MESSAGES = {
    400: "请求有误。",
    401: "未登录或登录已失效，请重新登录，或提供有效的 API 令牌。",
    403: "您无权进行此操作。",
    404: "未找到该记录，或您无权查看。",
    405: "不支持该请求方法。",
    409: "记录已被他人修改，请刷新后重试。",
    411: "请求缺少内容长度（Content-Length），未被接收。",
    413: "提交的内容过大，超过了上传限制。",
    422: "提交的数据格式有误。",
    429: "请求过于频繁，请稍后再试。",
    500: "服务器内部错误，请稍后再试。",
}


def _error(request, status: int, detail: str, errors: dict[str, list[str]] | None = None):
    body: dict = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "提交的数据有误。", errors)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc: SchemaValidationError):
    containers = {"payload", "filters", "form"}
    return _error(request, 422, MESSAGES[422], api_messages(exc.errors, containers))


@api.exception_handler(ActionError)
def on_action_error(request, exc: ActionError):
    status = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, NotAllowed) else 400
    return _error(request, status, exc.message)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return _error(request, 404, MESSAGES[404])


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return _error(request, 403, str(exc) or MESSAGES[403])


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc: AuthenticationError):
    """No or wrong credentials; a refused token (expired, revoked: ``TokenRejected``) keeps its own reason."""
    reason = exc.message if exc.message and exc.message != "Unauthorized" else MESSAGES[401]
    return _error(request, exc.status_code or 401, reason)


@api.exception_handler(TokenRejected)
def on_token_rejected(request, exc: TokenRejected):
    """A bearer token that was sent but is unknown, revoked or expired: 401 with the reason."""
    return api.create_response(request, {"detail": exc.message}, status=401)


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    return _error(request, 429, MESSAGES[429])


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own refusals: an unparsable body (400) and a failed CSRF check (403)."""
    text = str(exc)
    if text.startswith("Cannot parse request body"):
        return _error(request, 400, "请求内容不是有效的 JSON，无法解析。")
    if text.startswith("CSRF"):
        return _error(request, 403, "CSRF 校验失败，请刷新页面后重试。")
    return _error(request, exc.status_code, MESSAGES.get(exc.status_code, MESSAGES[400]))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc: RequestDataTooBig):
    return _error(request, 413, MESSAGES[413])


@api.exception_handler(TooManyFieldsSent)
def on_too_many_fields(request, exc: TooManyFieldsSent):
    return _error(request, 413, "提交的字段过多。")


# --- Documented error answers --------------------------------------------------------------------------------


def document_errors(ninja_api: NinjaAPI) -> None:
    """Add the error statuses each operation can answer, with the ``ErrorOut`` body, to its responses: every one
    401 (no or wrong credentials) and 422 (invalid parameters); with an id in the path 404 (missing or out of
    scope); every write also 400 (refused by the action, unparsable body), 403 (role, CSRF), 409 (stale version),
    411 (a chunked body without a Content-Length, refused by ``lib.requestlimits``) and 413 (too large)."""
    model = None
    for _prefix, router in ninja_api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if model is None:
                    model = operation._create_response_model(ErrorOut)
                codes = [401, 422]
                if "{" in path:
                    codes.append(404)
                if set(operation.methods) - {"GET", "HEAD"}:
                    codes += [400, 403, 409, 411, 413]
                for code in sorted(codes):
                    operation.response_models.setdefault(code, model)


document_errors(api)


# --- Errors outside an operation ------------------------------------------------------------------------------


class ApiErrorsAsJson:
    """Middleware: under /api/, an error answer that is not JSON (Django's HTML 404 for an unknown URL, 405 for a
    method the path does not take, 400 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, 500) becomes ``ErrorOut``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 400 and _body_too_big(request):
            status = 413
        result = JsonResponse(
            {"detail": MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500])},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
        if "Allow" in response:
            result["Allow"] = response["Allow"]
        return result


def _body_too_big(request: HttpRequest) -> bool:
    from django.conf import settings

    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and length > limit
