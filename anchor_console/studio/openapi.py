"""Studio's OpenAPI document, complete enough for a fuzzer's response checks to mean something:
a bearer security scheme on every operation that needs a token; for each operation every error
status it can answer, with the body Studio really sends (`{code, message}`, not FastAPI's
`HTTPValidationError`); a schema for each success; and the replay body (JSON Lines) described.

Which errors an operation can answer follows from what it is:
  401 403 429      it needs a token (429: the caller's rate limit, with Retry-After)
  404              its path names something by id, or its route needs the audience
  408 413          it reads a body (too slow, too large: limits.py)
  409              it changes something (a refusal that depends on the current state, such as
                   something its body names not being there: errors.named_in_body), or its route
                   says it reads what exists only in some states (a lucky bag's frozen entrants)
  422              it takes any parameter or body (the request's form)
  429              POST /viewers too (joining is rate-limited per address)"""

from __future__ import annotations

from typing import Any

from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from anchor_console.domain.plan_rules import COVER_MAX_BYTES
from anchor_console.studio.comment_log import RECORD_SCHEMA
from anchor_console.studio.limits import RAW_BODIES, route_policy
from anchor_console.studio.routes import schemas

ERROR_REF = {"$ref": "#/components/schemas/ApiErrorBody"}
ERRORS = {
    401: "No token, or one that is not valid (unknown, expired, revoked)",
    403: "The token's role may not do this, or it is not for this room",
    404: "Something the request names does not exist",
    408: "The request body did not arrive in time",
    409: "Refused because of the current state (sold out, room not live, …)",
    413: "The request body is too large",
    422: "The request is not well formed (the message names the field)",
    429: "Too many requests: wait Retry-After seconds",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Operations whose routes are owned elsewhere (routes/audience.py): their success schemas.
SUCCESS_SCHEMAS: dict[tuple[str, str], tuple[int, type]] = {
    ("get", "/api/v1/rooms/{room_id}/audience"): (200, schemas.AudienceSettings),
    ("put", "/api/v1/rooms/{room_id}/audience"): (200, schemas.AudienceSettings),
    ("delete", "/api/v1/rooms/{room_id}/audience/replay"): (200, schemas.AudienceSettings),
    ("post", "/api/v1/rooms/{room_id}/audience/replay"): (200, schemas.ReplayStarted),
    ("get", "/api/v1/rooms/{room_id}/audience/ground-truth"): (200, schemas.GroundTruthPage),
}
REPLAY_BODY = {
    "required": True,
    "description": "A recorded comment log, JSON Lines: one record per line (blank lines are skipped). A log "
                   "with any line that is not a record is refused whole (422), naming each bad line.",
    "content": {"application/x-ndjson": {"schema": {"type": "array", "minItems": 1, "items": RECORD_SCHEMA}}},
}

IMAGE_BODY = {
    "required": True,
    "description": f"The image file itself (PNG or JPEG, at most {COVER_MAX_BYTES // (1024 * 1024)} MB); anything "
                   "else is refused (422).",
    "content": {"image/png": {"schema": {"type": "string", "format": "binary"}},
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
}
RAW_BODY_DOCS = {("POST", "/api/v1/media"): IMAGE_BODY}


def studio_openapi(app) -> dict:
    if app.openapi_schema is None:
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        _complete(doc, [r for r in app.routes if isinstance(r, APIRoute) and r.include_in_schema])
        app.openapi_schema = doc
    return app.openapi_schema


def _complete(doc: dict, routes: list[APIRoute]) -> None:
    components = doc.setdefault("components", {})
    found = components.setdefault("schemas", {})
    for model in (schemas.ApiErrorBody, *{m for _, m in SUCCESS_SCHEMAS.values()}):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, nested in schema.pop("$defs", {}).items():
            found.setdefault(name, nested)
        found.setdefault(model.__name__, schema)
    for name in ("HTTPValidationError", "ValidationError"):
        found.pop(name, None)
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer",
                                                 "description": "A Studio access token (printed at start, or "
                                                                "made with `anchor-console studio tokens create`)"}}
    for route in routes:
        for method in route.methods:
            operation = doc["paths"][route.path_format].get(method.lower())
            if operation is not None:
                _complete_operation(route, method, operation)


def _complete_operation(route: APIRoute, method: str, operation: dict) -> None:
    policy = route_policy(route)
    statuses: set[int] = set()
    has_params = bool(route.dependant.path_params or route.dependant.query_params or route.dependant.header_params)
    reads_body = route.body_field is not None or (method, route.path) in RAW_BODIES
    if policy.action is not None:
        operation["security"] = [{"bearer": []}]
        statuses |= {401, 403, 429}
    if route.dependant.path_params or "/audience" in route.path:
        statuses.add(404)
    if reads_body:
        statuses |= {408, 413}
    if method in WRITES and policy.action is not None or "409" in operation.get("responses", {}):
        statuses.add(409)   # (a read that depends on the state says so in its route's responses)
    if has_params or reads_body or policy.action is not None or "422" in operation.get("responses", {}):
        statuses.add(422)   # (a token's header has a form too: at most 1,000 characters)
    if route.path == "/api/v1/viewers":
        statuses.add(429)
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in sorted(statuses):
        response: dict[str, Any] = {"description": ERRORS[status], "content": {"application/json": {"schema": ERROR_REF}}}
        if status == 429:
            response["headers"] = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
        responses[str(status)] = response
    success = SUCCESS_SCHEMAS.get((method.lower(), route.path))
    if success is not None:
        code, model = success
        responses[str(code)] = {"description": "Done", "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
    if (method, route.path) in RAW_BODIES:
        operation["requestBody"] = RAW_BODY_DOCS.get((method, route.path), REPLAY_BODY)
    ok = responses.get("200", {}).get("content", {})
    if "text/event-stream" in ok:   # the event stream answers nothing else
        ok.pop("application/json", None)
