"""strict_moto: a moto 5.2.1 extension that makes moto server answer more like AWS.

``install(app)`` takes moto server's WSGI application (``DomainDispatcherApplication``) and returns the
application the launcher (``test/emulator/server.py``) serves:

- the test-only ``/moto-api/ext/...`` endpoints (config, clock, seeding; see ``ext_api``);
- per-service patches, applied the first time moto builds that service's Flask app, i.e. when the
  first request for the service arrives. moto itself imports each service lazily at that moment, so
  the extension adds nothing to start-up time and only patches what a run uses.

What each patch adds or enforces, with its AWS source, is listed in ``test/emulator/README.md``.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Any

#: The moto release the patches are written against (the harness pip-installs exactly this one).
MOTO_VERSION = "5.2.1"

#: moto backend name -> module of this package whose ``install()`` patches it.
PATCHES: dict[str, str] = {
    "backup": "strict_moto.backup",
    "s3": "strict_moto.s3",
    "iam": "strict_moto.iam",
    "rds": "strict_moto.rds",
    "cloudwatch": "strict_moto.cloudwatch",
    "sns": "strict_moto.sns",
    "events": "strict_moto.tags",
}

_lock = threading.RLock()
_installed: set[str] = set()


def ensure_patched(service: str) -> None:
    """Applies the patches for one moto backend (idempotent; also used by the seeding endpoints)."""
    module = PATCHES.get(service)
    if module is None:
        return
    with _lock:
        if service in _installed:
            return
        importlib.import_module(module).install(service)
        _installed.add(service)


def _patching(create_app: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def create(service: Any) -> Any:
        ensure_patched(str(service))
        return create_app(service)

    return create


def install(dispatcher: Any) -> Any:
    """Wraps moto's DomainDispatcherApplication; returns the WSGI app to serve."""
    from .ext_api import ExtApiMiddleware

    dispatcher.create_app = _patching(dispatcher.create_app)
    return ExtApiMiddleware(dispatcher)
