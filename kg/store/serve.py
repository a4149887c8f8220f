"""Serve the embedded store as a SPARQL 1.1 endpoint with the Oxigraph server binary.

In: a store folder, a host and port, and whether the endpoint may be written or reached from
other machines. Out: the command line of ``oxigraph serve-read-only`` (or ``oxigraph serve`` with
``writable``), which :func:`exec_server` runs in place of the current process.

- Binds to 127.0.0.1 unless another host is given together with ``allow_remote`` (the endpoint
  has no authentication, so anyone who can reach the port can read the graph).
- Read-only unless ``writable``: the server answers updates and Graph Store writes with 403.
- ``--union-default-graph``: queries without ``GRAPH`` see the union of all named graphs, as
  ``kg query`` does, so the library's queries run unchanged from any SPARQL client.
- The binary is the ``oxigraph`` console script of the PyPI package ``oxigraph`` (installed in
  the same environment as ``kg``), else the first ``oxigraph`` on ``PATH``.
"""
from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import sys
from pathlib import Path

from kg.errors import ServeError

LOOPBACK_NAMES = {"localhost"}


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server binary: next to the running Python, else on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file() and os.access(here, os.X_OK):
        return here
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServeError("the Oxigraph server binary 'oxigraph' was not found next to "
                     f"{sys.executable} nor on PATH; install it with `pip install oxigraph` "
                     "(the PyPI package of the server, not pyoxigraph)")


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_store(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").is_file()  # a RocksDB folder


def server_command(store: str | os.PathLike, host: str = "127.0.0.1", port: int = 7878, *,
                   writable: bool = False, allow_remote: bool = False,
                   timeout_s: int | None = None, binary: Path | None = None) -> list[str]:
    """The argv that serves ``store``; raises ServeError naming the problem."""
    store = Path(store)
    if not _is_store(store):
        raise ServeError(f"no Oxigraph store at {store}; build one with "
                         f"`kg build seeds/ --store {store}`")
    if not is_loopback(host) and not allow_remote:
        raise ServeError(f"refusing to bind to {host}: the endpoint has no authentication, so "
                         "every machine that can reach the port could read the graph"
                         + (" and change it" if writable else "")
                         + ". Add --allow-remote if that is what you want")
    if not 0 < port < 65536:
        raise ServeError(f"port {port} is out of range (1-65535)")
    _check_port_free(host, port)
    exe = str(binary or oxigraph_binary())
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    argv = [exe, "serve" if writable else "serve-read-only", "--location", str(store),
            "--bind", bind, "--union-default-graph"]
    if timeout_s:
        argv += ["--timeout-s", str(int(timeout_s))]
    return argv


def _check_port_free(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise ServeError(f"cannot resolve host {host!r} ({e})") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind(addr)
        except OSError as e:
            raise ServeError(f"cannot listen on {host}:{port} ({e.strerror}); is another "
                             "server running there? Choose another --port") from None


def exec_server(argv: list[str]) -> None:
    """Replace this process with the server (signals such as Ctrl-C go straight to it)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)
