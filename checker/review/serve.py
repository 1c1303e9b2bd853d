"""Run the review app with uvicorn on one address (127.0.0.1 by default)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from pathlib import Path

from checker.review.app import ReviewError, create_app


def addresses(host: str, port: int) -> tuple[list[str], list[str]]:
    """The Host names the app answers and the Origins it trusts for ``host:port``."""
    names = [host]
    try:
        if ipaddress.ip_address(host).is_loopback:
            names.append("localhost")
    except ValueError:
        pass
    return names, [f"http://{n}:{port}" for n in names]


def serve(report_dir: Path, baseline: Path, host: str, port: int, echo: Callable[..., None] = print) -> None:
    """Serve ``report_dir``'s findings until interrupted; verdicts go into ``baseline``."""
    import socket

    import uvicorn

    hosts, origins = addresses(host, port)
    try:  # a taken port is one line here, not uvicorn's log
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise ReviewError(f"{host}:{port}: cannot serve ({exc.strerror or exc})") from exc
    app = create_app(report_dir, baseline, hosts, origins)
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        echo(f"warning: serving on {host}: anyone who can reach it can read the report", err=True)
    echo(f"review {report_dir} at {origins[0]}/ (verdicts go to {baseline}; Ctrl-C stops)", err=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as exc:
        raise ReviewError(f"{host}:{port}: cannot serve ({exc.strerror or exc})") from exc
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        raise ReviewError(f"{host}:{port}: cannot serve (address in use or not available)") from exc
