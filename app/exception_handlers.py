"""How an error reaches a person: JSON for /api, a Dutch HTML page for browsers, and a login
redirect for a page that needs one. The error types themselves are plain Python, in
app.errors, so the services that raise them load nothing of the web."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.admission import RETRY_AFTER_S, AdmissionTimeoutError
from app.errors import AppError, DeviceRevokedError, TooManyRequestsError
from app.i18n import gettext as _
from app.security import add_security_headers
from app.templating import templates


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


DEFAULT_MESSAGES = {
    # Only the framework raises a bare 400: a body it could not read (broken UTF-8, JSON
    # nested too deep, a malformed form).
    400: "Wat je stuurde is niet te lezen. Probeer het opnieuw.",
    401: "Log eerst in.",
    403: "Dit mag je niet doen.",
    404: "Deze pagina bestaat niet (meer).",
    405: "Dit verzoek kan hier niet.",
    413: "Dit is te groot om in één keer te versturen.",
    422: "Niet alle velden zijn goed ingevuld.",
    429: "Te veel pogingen. Wacht even en probeer het opnieuw.",
    503: "Het is even erg druk. Probeer het over een halve minuut opnieuw.",
}


def error_response(
    request: Request, status_code: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status_code, headers=headers)
    if status_code == 401:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return Response(
            status_code=303, headers={"Location": f"/login?{urlencode({'next': target})}"}
        )
    return templates.TemplateResponse(
        request,
        "errors/error.html",
        {"status_code": status_code, "message": message},
        status_code=status_code,
        headers=headers,
    )


async def _app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    headers = None
    if isinstance(exc, TooManyRequestsError):
        headers = {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, DeviceRevokedError):
        headers = {"X-Wipe": "1"}
    return error_response(request, exc.status_code, exc.message, headers)


async def _server_busy(request: Request, exc: Exception) -> Response:
    # Waited too long for a turn at the database (app.admission): nothing was done yet.
    return error_response(
        request, 503, _(DEFAULT_MESSAGES[503]), {"Retry-After": str(RETRY_AFTER_S)}
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    # Our own code raises AppError; an HTTPException comes from the framework, whose English
    # detail ("There was an error parsing the body") is never shown: the status says enough.
    assert isinstance(exc, StarletteHTTPException)
    message = _(DEFAULT_MESSAGES.get(exc.status_code, "Er ging iets mis."))
    return error_response(request, exc.status_code, message, dict(exc.headers or {}) or None)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = exc.errors()
    if problems and all(tuple(e.get("loc", ()))[:1] == ("path",) for e in problems):
        # An id in the path that is no id: a page that does not exist, the same 404 as for a
        # missing, deleted or another team's record.
        return error_response(request, 404, _("Dit bestaat niet (meer)."))
    if wants_json(request):
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": _(DEFAULT_MESSAGES[422]), "errors": errors}, status_code=422)
    return error_response(request, 422, _(DEFAULT_MESSAGES[422]))


async def _server_error(request: Request, exc: Exception) -> Response:
    # Runs in Starlette's outermost middleware, outside SecurityMiddleware: add the headers here.
    message = _("Er ging iets mis aan onze kant. Wat je had opgeslagen is niet verloren.")
    if wants_json(request):
        response: Response = JSONResponse({"detail": message}, status_code=500)
    else:
        response = templates.TemplateResponse(
            request,
            "errors/error.html",
            {"status_code": 500, "message": message},
            status_code=500,
        )
    add_security_headers(
        response.headers, request.url.path, production=request.app.state.settings.is_production
    )
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(AdmissionTimeoutError, _server_busy)
    app.add_exception_handler(Exception, _server_error)
