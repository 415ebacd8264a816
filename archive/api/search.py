"""GET /api/search: the JSON face of `archive.search.search()`.

Always JSON: the results (200), or {"error": ...} with 400 for a bad parameter. Any `q` is a valid query.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from archive.search import SearchParameterError, search

log = logging.getLogger("archive.search")

_JSON = {"ensure_ascii": False}


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=_JSON)


def _int(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SearchParameterError(f"{name}: {value!r} is not a whole number") from None


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    params = request.GET
    try:
        results = search(
            params.get("q", ""),
            speaker=params.getlist("speaker") or None,
            outlet=params.getlist("outlet") or None,
            date_from=params.get("from") or None,
            date_to=params.get("to") or None,
            kind=params.getlist("kind") or None,
            sort=params.get("sort") or "relevance",
            page=_int(request, "page", 1),
            per_page=_int(request, "per_page", 20),
        )
    except SearchParameterError as error:
        return _error(str(error))
    except Exception:  # never a 500 page: log it and answer in JSON
        log.exception("search failed for %r", params.urlencode())
        return _error("search is unavailable for a moment; please try again", status=503)
    return JsonResponse(results.to_json(), json_dumps_params=_JSON)
