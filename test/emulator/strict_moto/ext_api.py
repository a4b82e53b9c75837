"""Test-only endpoints under ``/moto-api/ext/`` (never part of any AWS API), and the reset hook.

- ``GET|POST /moto-api/ext/config``: read or change the delays (JSON, camelCase names, seconds).
- ``GET|POST /moto-api/ext/clock``: read the emulator time, or ``{"advanceSeconds": N}`` to move it on.
- ``POST /moto-api/ext/backup/recovery-points``: seed an AWS Backup recovery point.
- ``POST /moto-api/ext/backup/backup-jobs``: seed an AWS Backup job.
- ``POST /moto-api/ext/rds/maintenance``: run the maintenance window now (applies pending modifications).
- ``POST /moto-api/ext/sns/confirm``: confirm a topic's pending subscriptions, as their endpoints would.
- ``POST /moto-api/reset`` is moto's; after it, config and clock go back to their start values.

Every answer is JSON; a bad request answers 400 ``{"error": "..."}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from . import config

Handler = Callable[[Request], Any]


def _json_body(request: Request) -> dict[str, Any]:
    if not request.data:
        return {}
    body = json.loads(request.data)
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _config(request: Request) -> Any:
    if request.method == "POST":
        return config.update_config(_json_body(request))
    return config.config_json()


def _clock(request: Request) -> Any:
    if request.method == "POST":
        seconds = _json_body(request).get("advanceSeconds", 0)
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
            raise ValueError("advanceSeconds must be a number")
        config.advance(float(seconds))
    return {"now": config.now_dt().isoformat().replace("+00:00", "Z")}


def _seed_recovery_point(request: Request) -> Any:
    from .backup import seeding

    return seeding.seed_recovery_point(_json_body(request))


def _seed_backup_job(request: Request) -> Any:
    from .backup import seeding

    return seeding.seed_backup_job(_json_body(request))


def _rds_maintenance(request: Request) -> Any:
    from . import rds

    return rds.run_maintenance(_json_body(request))


def _sns_confirm(request: Request) -> Any:
    from . import ensure_patched, sns

    ensure_patched("sns")
    return sns.confirm(_json_body(request))


ROUTES: dict[str, tuple[frozenset[str], Handler]] = {
    "/moto-api/ext/config": (frozenset({"GET", "POST"}), _config),
    "/moto-api/ext/clock": (frozenset({"GET", "POST"}), _clock),
    "/moto-api/ext/backup/recovery-points": (frozenset({"POST"}), _seed_recovery_point),
    "/moto-api/ext/backup/backup-jobs": (frozenset({"POST"}), _seed_backup_job),
    "/moto-api/ext/rds/maintenance": (frozenset({"POST"}), _rds_maintenance),
    "/moto-api/ext/sns/confirm": (frozenset({"POST"}), _sns_confirm),
}


class ExtApiMiddleware:
    """Answers the ext routes itself; everything else goes to moto."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/moto-api/ext/"):
            return self._ext(Request(environ))(environ, start_response)
        if path == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            result = self.app(environ, start_response)
            config.reset()
            return result
        return self.app(environ, start_response)

    @staticmethod
    def _ext(request: Request) -> Response:
        route = ROUTES.get(request.path.rstrip("/"))
        if route is None:
            return _answer(
                404, {"error": f"no such emulator endpoint: {request.path}", "routes": sorted(ROUTES)}
            )
        methods, handler = route
        if request.method not in methods:
            return _answer(405, {"error": f"{request.method} not allowed on {request.path}"})
        try:
            return _answer(200, handler(request))
        except (ValueError, KeyError, TypeError) as e:
            return _answer(400, {"error": str(e)})
        except Exception as e:  # noqa: BLE001 - a test helper should say what broke, as JSON
            return _answer(500, {"error": f"{type(e).__name__}: {e}"})


def _answer(status: int, body: Any) -> Response:
    return Response(json.dumps(body, default=str), status=status, mimetype="application/json")
