"""A fault-injecting HTTP proxy on 127.0.0.1, and a real Oxigraph server to put behind it.

In: the URL of a server, and rules ``(match, action)`` where ``match(request)`` looks at a
:class:`Seen` request (method, path, content type, SPARQL text) and ``action`` is one of

- ``"drop"``: forward the request, let the server answer, then close the client's connection
  without a reply (the server did it; the client never hears so),
- ``"late"``: forward it and reply only after ``late_seconds`` (the client has timed out by then),
- ``"hang"``: never forward, never answer (until the proxy closes),
- an HTTP status such as 500: answer that without forwarding.

Each rule fires at most ``times`` times (default once). Out: ``proxy.url`` to give a client in
place of the server's, and ``proxy.seen``, every request that reached the proxy.

Used by ``tests/test_load_faults.py`` and ``bench/reliability.py``.
"""
from __future__ import annotations

import http.client
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Seen:
    method: str
    path: str
    content_type: str
    sparql: str  # the query or update text ("" for Graph Store requests)
    action: str = "forward"


@dataclass
class Rule:
    match: Callable[[Seen], bool]
    action: str | int
    times: int = 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sparql(ctype: str, body: bytes) -> str:
    if ctype in ("application/sparql-update", "application/sparql-query"):
        return body.decode("utf-8", "replace")
    if ctype == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        return (form.get("update") or form.get("query") or [""])[0]
    return ""


class FaultProxy:
    """Forwards every request to ``target`` unless a rule says otherwise."""

    def __init__(self, target: str, late_seconds: float = 2.0):
        self.target = urllib.parse.urlsplit(target)
        self.rules: list[Rule] = []
        self.seen: list[Seen] = []
        self.late_seconds = late_seconds
        self.closing = threading.Event()
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self._handle()

            do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

            def _handle(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                seen = Seen(self.command, self.path, ctype, _sparql(ctype, body))
                action = proxy._action(seen)
                if action == "hang":
                    proxy.closing.wait(60)
                    self.close_connection = True
                    return
                if isinstance(action, int):
                    return self._reply(action, {}, b"injected failure")
                status, headers, data = proxy._forward(self.command, self.path, self.headers,
                                                       body)
                if action == "drop":
                    self.close_connection = True  # closed without a word
                    return
                if action == "late":
                    proxy.closing.wait(proxy.late_seconds)
                self._reply(status, headers, data)

            def _reply(self, status, headers, data):
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                except OSError:
                    self.close_connection = True  # the client gave up waiting

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, match: Callable[[Seen], bool], action: str | int, times: int = 1) -> Rule:
        rule = Rule(match, action, times)
        with self._lock:
            self.rules.append(rule)
        return rule

    def _action(self, seen: Seen) -> str | int:
        with self._lock:
            self.seen.append(seen)
            for rule in self.rules:
                if rule.times > 0 and rule.match(seen):
                    rule.times -= 1
                    seen.action = str(rule.action)
                    return rule.action
        return "forward"

    def _forward(self, method, path, headers, body):
        conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=60)
        try:
            keep = {k: v for k, v in headers.items()
                    if k.lower() in ("content-type", "accept", "authorization")}
            conn.request(method, path, body=body or None, headers=keep)
            resp = conn.getresponse()
            data = resp.read()
            out = {k: v for k, v in resp.getheaders()
                   if k.lower() in ("content-type", "location", "server", "www-authenticate")}
            return resp.status, out, data
        finally:
            conn.close()

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


def stop(proc: subprocess.Popen) -> None:
    """Stop a server process: terminate, then kill if it does not end."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def oxigraph_binary() -> Path:
    from kg.store.serve import oxigraph_binary as find

    return find()


@contextmanager
def oxigraph_server(location: Path | None = None):
    """A real Oxigraph server (in memory unless ``location``) on a free loopback port; yields
    its base URL and stops it afterwards."""
    port = free_port()
    args = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        args += ["--location", str(location)]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"oxigraph exited: {log.read()[-2000:]!r}")
                try:
                    urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield url
        finally:
            stop(proc)


def clear(url: str) -> None:
    """Empty an Oxigraph server (between tests)."""
    req = urllib.request.Request(url + "/update", data=b"DROP ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(req, timeout=30).read()
