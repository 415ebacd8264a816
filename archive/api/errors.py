"""The API's one error shape, for every status it answers with (documented as `Error` in archive/api/schema.py):

{"error": "<code>", "detail": "<what happened, for a person>"}
+ "retry_after": seconds       (429, 503: also the Retry-After header)
+ "parameters": {name: detail} (bad_parameter: each search parameter that could not be read, in Persian)
"""

from __future__ import annotations

from django.http import JsonResponse

# Every code an API error may carry, by the status it comes with.
ERROR_CODES = {
    "bad_request": 400,  # control characters in the address
    "bad_parameter": 400,  # a search parameter that cannot be read
    "not_found": 404,
    "method_not_allowed": 405,
    "uri_too_long": 414,
    "rate_limited": 429,
    "server_error": 500,
    "busy": 503,  # the database is locked past its busy timeout
    "unavailable": 503,  # the search index cannot answer for a moment
}


def json_error(
    status: int,
    error: str,
    detail: str,
    *,
    retry_after: int | None = None,
    parameters: dict[str, str] | None = None,
) -> JsonResponse:
    if ERROR_CODES.get(error) != status:
        raise ValueError(f"API error code {error!r} does not go with status {status}")
    body: dict[str, object] = {"error": error, "detail": detail}
    if retry_after is not None:
        body["retry_after"] = retry_after
    if parameters:
        body["parameters"] = parameters
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
