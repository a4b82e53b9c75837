#!/usr/bin/env python3
"""Launcher of the strict emulator: moto 5.2.1's server with the strict_moto extension installed.

    python3 test/emulator/server.py -H 127.0.0.1 -p 5000

takes the same -H/-p as ``moto_server`` and serves the same application, wrapped by
``strict_moto.install`` (see README.md next to this file). Needs only ``moto[server]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _stop(_signum: int, _frame: Any) -> None:
    sys.exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-H", "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("-p", "--port", type=int, default=int(os.environ.get("MOTO_PORT", "5000")))
    args = parser.parse_args(argv)
    # moto sends some requests to itself (and reads MOTO_PORT to find itself), as moto_server does.
    os.environ.setdefault("MOTO_PORT", str(args.port))

    import moto
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import run_simple

    import strict_moto

    if moto.__version__ != strict_moto.MOTO_VERSION:
        # The extension patches moto's internals: another version may route or serialise differently.
        print(
            f"strict_moto: written for moto {strict_moto.MOTO_VERSION}, running on {moto.__version__}",
            file=sys.stderr,
        )

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    app = strict_moto.install(DomainDispatcherApplication(create_backend_app))
    run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
