"""Serve the embedded store as a SPARQL 1.1 endpoint: the Oxigraph server behind a checking front.

In: a store folder and :class:`ServeOptions` (host and port, writable or not, the origins given
with ``--cors``, whether SERVICE may run, the query time-out). Out: a running endpoint at
``http://HOST:PORT`` with ``/query``, ``/update``, ``/store`` and the query editor at ``/``,
until Ctrl-C or SIGTERM (:func:`run` returns the exit code).

- Binds to 127.0.0.1 unless another host is given together with ``allow_remote`` (the endpoint
  has no authentication, so anyone who can reach the port can read the graph).
- Read-only unless ``writable``: Oxigraph opens the store read-only and the front answers
  updates and Graph Store writes with 403.
- ``--union-default-graph``: queries without ``GRAPH`` see the union of all named graphs, as
  ``kg query`` does, so the library's queries run unchanged from any SPARQL client.
- The binary is the ``oxigraph`` console script of the PyPI package ``oxigraph`` (installed in
  the same environment as ``kg``), else the first ``oxigraph`` on ``PATH``.

Why a front, and why this one. The Oxigraph server alone accepts an update from any web page
(a form that posts ``update=DROP ALL`` to 127.0.0.1 runs it), runs SERVICE to any URL, and knows
no CORS but ``*``. :mod:`kg.store.front` adds those checks in Python on the user's port and
forwards what passes to the Oxigraph server, which listens on a random port of a random
127.x.y.z address (other machines cannot reach it, and a web page would have to guess among
about 10^12 address-port pairs). We keep the Oxigraph binary rather than answering with
pyoxigraph in this process because the binary gives, unchanged, everything ``kg serve``
documents: the SPARQL Protocol and Graph Store Protocol with their content negotiation, the
query editor, the union default graph, and a query time-out that really stops a query (pyoxigraph
cannot cancel one). The price is one more local hop per request, streamed, not buffered.
"""
from __future__ import annotations

import http.client
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ServeError
from kg.store.front import FrontServer, Policy, origin_of

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


@dataclass(frozen=True)
class ServeOptions:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    allow_remote: bool = False
    timeout_s: int | None = None
    cors: tuple[str, ...] = ()  # normalised origins, or ("*",)
    allow_service: bool = False

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "[::]") else self.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def policy(self) -> Policy:
        names = ["127.0.0.1", "localhost", "[::1]"]
        if self.host not in names and self.host not in ("0.0.0.0", "::", "[::]"):
            names.append(f"[{self.host}]" if ":" in self.host and not self.host.startswith("[")
                         else self.host)
        return Policy(self.port, tuple(names), writable=self.writable, cors=self.cors,
                      allow_service=self.allow_service, any_host=not is_loopback(self.host))


def check_options(store: str | os.PathLike, host: str = "127.0.0.1", port: int = 7878, *,
                  writable: bool = False, allow_remote: bool = False,
                  timeout_s: int | None = None, cors: tuple[str, ...] | list[str] = (),
                  allow_service: bool = False) -> ServeOptions:
    """The options, checked; raises ServeError naming the problem and what to do."""
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
    origins: list[str] = []
    for given in cors:
        if given.strip() == "*":
            if writable:
                raise ServeError("--cors '*' with --writable would let every web page change "
                                 "the store; name the origins instead (--cors "
                                 "https://app.example.org)")
            origins.append("*")
            continue
        o = origin_of(given)
        if o is None or o.rstrip("/") != given.strip().rstrip("/").lower():
            raise ServeError(f"--cors {given!r}: give an origin, scheme://host[:port] without a "
                             "path, e.g. --cors http://localhost:3000")
        origins.append(o)
    _check_port_free(host, port)
    return ServeOptions(store, host, port, writable, allow_remote, timeout_s,
                        tuple(dict.fromkeys(origins)), allow_service)


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


# ----------------------------------------------------------------------------- the Oxigraph server


def private_address() -> tuple[str, int]:
    """A free port on a random 127.x.y.z address (127.0.0.1 where only that one exists)."""
    for _ in range(16):
        host = "127.{}.{}.{}".format(secrets.randbelow(256), secrets.randbelow(256),
                                     1 + secrets.randbelow(254))
        with socket.socket() as s:
            try:
                s.bind((host, 0))
            except OSError:
                continue
            return host, s.getsockname()[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return "127.0.0.1", s.getsockname()[1]


def backend_command(opts: ServeOptions, address: tuple[str, int],
                    binary: Path | None = None) -> list[str]:
    """The argv of the Oxigraph server behind the front."""
    argv = [str(binary or oxigraph_binary()), "serve" if opts.writable else "serve-read-only",
            "--location", str(opts.store), "--bind", f"{address[0]}:{address[1]}",
            "--union-default-graph"]
    if opts.timeout_s:
        argv += ["--timeout-s", str(int(opts.timeout_s))]
    return argv


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: the Oxigraph server gets SIGTERM if kg serve dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Backend:
    """The Oxigraph server on a private loopback address, started and stopped with the front."""

    def __init__(self, opts: ServeOptions, binary: Path | None = None):
        self.address = private_address()
        self.argv = backend_command(opts, self.address, binary)
        self.log = tempfile.TemporaryFile()
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 60.0) -> None:
        # its own session: Ctrl-C in the terminal reaches kg serve, which then stops it
        self.proc = subprocess.Popen(
            self.argv, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        deadline = time.monotonic() + wait
        while True:
            if self.proc.poll() is not None:
                raise ServeError(self.failure("at once"))
            try:
                conn = http.client.HTTPConnection(*self.address, timeout=2)
                conn.request("GET", "/query?query=ASK%7B%7D")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServeError(f"the Oxigraph server did not start within {wait:g} s") \
                        from None
                time.sleep(0.1)

    def failure(self, when: str = "") -> str:
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").strip()
        last = next((ln for ln in reversed(text.splitlines()) if ln.strip()), "no message")
        hint = ""
        if "lock" in text.lower():
            hint = ("; is another process writing this store (kg build, or kg serve "
                    "--writable)? Wait for it or stop it")
        return (f"the Oxigraph server behind kg serve stopped{' ' + when if when else ''}: "
                f"{last.strip()}{hint}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()


def run(opts: ServeOptions, announce: Callable[[], None] | None = None,
        say: Callable[[str], None] | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM (exit code 0), or until the Oxigraph server stops (1).

    ``announce`` is called once the endpoint answers; ``say`` prints a line (to stderr)."""
    say = say or (lambda msg: print(msg, file=sys.stderr, flush=True))
    try:
        front = FrontServer((opts.host, opts.port), opts.policy(), ("0", 0),
                            backend_timeout=(opts.timeout_s or 60) + 600)
    except OSError as e:
        raise ServeError(f"cannot listen on {opts.host}:{opts.port} ({e.strerror}); is another "
                         "server running there? Choose another --port") from None
    backend = Backend(opts)
    died = threading.Event()

    def watch() -> None:
        while backend.alive():
            time.sleep(0.5)
        if not stopping.is_set():
            died.set()
            front.shutdown()

    def on_term(signum, frame):
        raise KeyboardInterrupt

    stopping = threading.Event()
    previous = signal.signal(signal.SIGTERM, on_term) \
        if threading.current_thread() is threading.main_thread() else None
    try:
        backend.start()
        front.backend = backend.address
        threading.Thread(target=watch, daemon=True).start()
        if announce:
            announce()
        front.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        front.server_close()
        if died.is_set():
            say(f"error: {backend.failure()}")
        backend.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if died.is_set():
        return 1
    say("kg serve: stopped")
    return 0
