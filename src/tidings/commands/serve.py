"""tidings serve: the web views and JSON API over an event database."""
from __future__ import annotations

import argparse
import socket
import sys

from ..errors import TidingsError

HELP = "browse stored events in a web browser (events, articles, dyads, actors, network, map)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite database file or postgresql:// URL")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", default="8000", help="port (default 8000)")
    p.add_argument("--allow-coding", action="store_true",
                   help="let users paste an article to code and store (off by default: read-only)")


def _port(value: str) -> int:
    try:
        port = int(value)
        if not 0 < port < 65536:
            raise ValueError
    except ValueError:
        raise TidingsError("E060", host="", port=value, msg="the port must be 1-65535") from None
    return port


def check_bind(host: str, port: int) -> None:
    """Fail with E060 before starting when the address cannot be bound (in use, no such host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(infos[0][4])
    except OSError as exc:
        raise TidingsError("E060", host=host, port=port, msg=exc.strerror or str(exc)) from None


def missing_db(db: str) -> bool:
    """Whether ``db`` names a local database file that does not exist."""
    from ..store import _sqlite_path
    path = _sqlite_path(db)
    return path is not None and not path.exists()


def run(args: argparse.Namespace) -> int:
    if not args.db:
        raise TidingsError("E044")
    if missing_db(args.db):
        raise TidingsError("E061", path=args.db)
    port = _port(args.port)
    from ..web import create_app
    app = create_app(args.db, allow_coding=args.allow_coding)
    check_bind(args.host, port)
    import uvicorn
    mode = "coding enabled" if args.allow_coding else "read-only"
    print(f"tidings: serving {args.db} ({mode}) at http://{args.host}:{port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=port, log_level="warning", timeout_keep_alive=5)
    return 0
