"""GET /api/search: the JSON face of `archive.search.search()`.

Always JSON: the results (200), a 400 `bad_parameter` error naming each parameter that could not be read (the
same Persian message the search page and `manage.py search` give), or a 503 while the index cannot answer.
Any `q` is a valid query.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from archive.api.errors import json_error
from archive.search import SearchUnavailable, read_search_request

log = logging.getLogger("archive.search")


# Read-only: any other method gets a 405 from require_safe, not a CSRF 403.
@csrf_exempt
@require_safe
def search_api(request: HttpRequest) -> JsonResponse:
    wanted, problems = read_search_request(request.GET)
    if problems:
        return json_error(
            400,
            "bad_parameter",
            "\n".join(problem.message for problem in problems),
            parameters={problem.parameter: problem.message for problem in problems},
        )
    try:
        results = wanted.search()
    except SearchUnavailable as error:  # the index is being rebuilt: retry, never a silent empty answer
        return json_error(
            503, "unavailable", "The search index is being rebuilt; please try again shortly.",
            retry_after=error.retry_after,
        )  # fmt: skip
    except Exception:  # never a 500 page: log it and answer in JSON
        log.exception("search failed for %r", request.GET.urlencode())
        return json_error(503, "unavailable", "Search is unavailable for a moment; please try again.", retry_after=5)
    return JsonResponse(results.to_json(), json_dumps_params={"ensure_ascii": False})
