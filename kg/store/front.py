"""The HTTP front of ``kg serve``: every request passes its checks before Oxigraph sees it.

In: HTTP requests from SPARQL clients and browsers, and a :class:`Policy` (read-only or
writable, the origins given with ``--cors``, whether SERVICE and LOAD may run, the names of this
server). Out: the request forwarded in one canonical form to the Oxigraph server that
:mod:`kg.store.serve` runs on a private loopback address, with its answer streamed back (plus
CORS headers for the origins allowed), or a refusal whose text says why and what to do.

What is refused:

- **A Host that is not this server's** (when bound to loopback): a page whose own name was made
  to point at 127.0.0.1 (DNS rebinding) would otherwise read the graph as if it were its own.
- **Writes** (``POST /update``, an update on ``/sparql``, ``PUT``/``POST``/``DELETE /store``)
  when read-only (403); whose ``Origin`` (or, without one, ``Referer``) is neither this server's
  own nor one given with ``--cors`` (403: a page elsewhere must not change the store); and, when
  no allowed Origin or Referer vouches for them, those sent with a content type an HTML form can
  send (``application/x-www-form-urlencoded``, ``multipart/form-data``, ``text/plain``; 415).
  Programs send ``application/sparql-update`` or an RDF type; the query editor at ``/`` (this
  server's own page, which sends a form) keeps working.
- **SERVICE** in queries and updates, and **LOAD** in updates, unless ``allow_service`` (400):
  both make the server request any URL (into the user's network) and echo what it got.
  The check is on the text with strings, IRIs and comments taken out, and refuses the letters
  anywhere else, whatever comes before or after them, because Oxigraph's parser also reads
  ``trueSERVICE:x`` and ``1SERVICE <…>`` as a SERVICE call. A variable or name containing
  them (``?service``) is refused too; the message says how to allow it.
- **Cross-origin reads** get no CORS header unless their Origin was given with ``--cors``;
  an ``OPTIONS`` preflight from an allowed origin is answered (204), others get 403.
- Any other path: 404, so Oxigraph only ever sees ``/``, its editor's files, ``/query``,
  ``/update`` and ``/store``.
"""
from __future__ import annotations

import http.client
import re
import socket
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_SPARQL_BODY = 128 * 1024 * 1024  # Oxigraph's own limit for SPARQL bodies
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
STATIC = frozenset({"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg"})
SERVER_NAME = "Oxigraph (behind kg serve)"  # kg load recognises the layout from it

_SKIP = re.compile(r'''
    \#[^\n\r]*                                  # a comment
  | """(?:[^"\\]|\\.|"(?!""))*"""               # long strings
  | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
  | "(?:[^"\\\n\r]|\\.)*"                       # strings
  | '(?:[^'\\\n\r]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>                   # IRIs
''', re.X)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_REMOTE = {"query": re.compile("service", re.I), "update": re.compile("service|load", re.I)}


def remote_calls(sparql: str, kind: str = "query") -> list[str]:
    """The keywords in ``sparql`` that make a server fetch another URL (SERVICE; LOAD in an
    update), looked for outside strings, IRIs and comments; also after resolving ``\\uXXXX``
    escapes, which SPARQL allows anywhere."""
    found: list[str] = []
    for text in {sparql, _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)}:
        found += [m.group(0).upper() for m in _REMOTE[kind].finditer(_SKIP.sub(" ", text))]
    return sorted(set(found))


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL or an Origin header, lower case, default port left out."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


@dataclass(frozen=True)
class Policy:
    """What the front lets through. ``names``: the host names of this server (its own origins
    are ``http://NAME:PORT``); ``any_host``: do not check Host (bound to another interface)."""

    port: int
    names: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    writable: bool = False
    cors: tuple[str, ...] = ()  # normalised origins, or ("*",)
    allow_service: bool = False
    any_host: bool = False
    own: frozenset[str] = field(init=False)
    hosts: frozenset[str] = field(init=False)

    def __post_init__(self):
        names = [n.lower() for n in self.names]
        suffix = "" if self.port == 80 else f":{self.port}"
        object.__setattr__(self, "own", frozenset(f"http://{n}{suffix}" for n in names))
        hosts = {f"{n}:{self.port}" for n in names} | ({*names} if self.port == 80 else set())
        object.__setattr__(self, "hosts", frozenset(hosts))

    # ------------------------------------------------------------------ decisions
    def host_refusal(self, host: str | None) -> str | None:
        if self.any_host or host is None or host.strip().lower() in self.hosts:
            return None
        return (f"refused: Host {host!r} is not a name of this server (a web page under another "
                f"name, e.g. by DNS rebinding?); use http://127.0.0.1:{self.port}/")

    def cors_origin(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin value for a request from ``origin`` (None: none)."""
        if origin is None:
            return None
        if "*" in self.cors:
            return "*"
        o = origin_of(origin)
        return o if o is not None and o in self.cors else None

    def write_refusal(self, origin: str | None, referer: str | None,
                      content_type: str) -> tuple[int, str] | None:
        """Why a write is refused (status, text), or None."""
        if not self.writable:
            return 403, ("refused: this endpoint is read-only (start kg serve with --writable "
                         "to accept updates and Graph Store writes)")
        source = origin if origin is not None else referer
        vouched = False
        if source is not None:
            o = origin_of(source)
            if o is None or (o not in self.own and o not in self.cors):
                allowed = ", ".join(sorted(self.own | set(self.cors) - {"*"}))
                return 403, (f"refused: a write from a page at {source.strip()!r}; only this "
                             f"server's own pages and the origins given with --cors may write "
                             f"({allowed})")
            vouched = True
        if not vouched and content_type in FORM_TYPES:
            return 415, (f"refused: a write sent as {content_type}, which any web page's form "
                         "can send; send updates as application/sparql-update (Graph Store "
                         "data as an RDF type such as application/n-triples)")
        return None

    def sparql_refusal(self, sparql: str, kind: str) -> str | None:
        if self.allow_service:
            return None
        found = remote_calls(sparql, kind)
        if not found:
            return None
        what = " and ".join(found)
        return (f"refused: {what} in this {kind} (the letters appear outside strings, IRIs and "
                "comments): it would make the server send a request to another URL. Start kg "
                "serve with --allow-service to allow it (rename a variable or name that "
                "contains them)")


# ----------------------------------------------------------------------------- the handler


class _Refused(Exception):
    def __init__(self, status: int, text: str):
        super().__init__(text)
        self.status, self.text = status, text


def _media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


class FrontHandler(BaseHTTPRequestHandler):
    """Checks a request against ``server.policy`` and forwards it to ``server.backend``."""

    protocol_version = "HTTP/1.1"
    server: FrontServer

    def version_string(self) -> str:
        return SERVER_NAME

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    # ------------------------------------------------------------------ entry points
    def do_GET(self):
        self._dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def do_OPTIONS(self):
        policy = self.server.policy
        origin = self.headers.get("Origin")
        methods = "GET, HEAD, POST" + (", PUT, DELETE" if policy.writable else "")
        if origin is None:
            return self._send(204, b"", {"Allow": methods + ", OPTIONS"})
        allow = policy.cors_origin(origin)
        if allow is None:
            return self._send(403, (f"refused: cross-origin requests from {origin} are not "
                                    f"allowed; start kg serve with --cors {origin}").encode())
        asked = self.headers.get("Access-Control-Request-Headers", "")
        headers = {h.strip().lower() for h in asked.split(",") if h.strip()}
        if not headers <= {"content-type", "accept"}:
            return self._send(403, b"refused: only the Content-Type and Accept headers may be "
                                   b"sent from another origin")
        self._send(204, b"", {"Access-Control-Allow-Origin": allow,
                              "Access-Control-Allow-Methods": methods,
                              "Access-Control-Allow-Headers": "Content-Type, Accept",
                              "Access-Control-Max-Age": "600", "Vary": "Origin"})

    def _dispatch(self):
        try:
            refusal = self.server.policy.host_refusal(self.headers.get("Host"))
            if refusal:
                raise _Refused(403, refusal)
            url = urllib.parse.urlsplit(self.path)
            path = url.path
            if path in STATIC and self.command in ("GET", "HEAD"):
                return self._forward(self.command, self.path, None, {})
            if path in ("/query", "/sparql"):
                return self._sparql(url, updates=path == "/sparql")
            if path == "/update":
                if self.command in ("GET", "HEAD"):
                    return self._forward(self.command, self.path, None, {})
                return self._sparql(url, updates=True, queries=False)
            if path == "/store" or path.startswith("/store/"):
                return self._store()
            raise _Refused(404, f"{self.command} {path} is not supported by this server")
        except _Refused as e:
            self.close_connection = True  # the body may be unread
            self._send(e.status, e.text.encode("utf-8"))

    # ------------------------------------------------------------------ SPARQL
    def _read_body(self, limit: int) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b"".join(self._chunks())
        else:
            n = int(self.headers.get("Content-Length") or 0)
            if n > limit:
                raise _Refused(413, f"refused: the request body is larger than {limit:,} bytes")
            data = self.rfile.read(n) if n else b""
        if len(data) > limit:
            raise _Refused(413, f"refused: the request body is larger than {limit:,} bytes")
        return data

    def _chunks(self):
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return
            yield self.rfile.read(size)
            self.rfile.readline()

    def _sparql(self, url, *, updates: bool, queries: bool = True):
        params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        ctype = _media_type(self.headers.get("Content-Type"))
        if self.command == "HEAD" and params:
            raise _Refused(405, "refused: send queries with GET or POST")
        if self.command in ("GET", "HEAD"):
            if not any(k == "query" for k, _ in params):  # the service description
                if any(k == "update" for k, _ in params):
                    raise _Refused(400, "refused: send updates with POST")
                return self._forward(self.command, self.path, None, {})
        elif self.command == "POST":
            body = self._read_body(MAX_SPARQL_BODY)
            text = body.decode("utf-8", "replace")
            if ctype == "application/sparql-query" and queries:
                params.append(("query", text))
            elif ctype == "application/sparql-update" and updates:
                params.append(("update", text))
            elif ctype == "application/x-www-form-urlencoded":
                params += urllib.parse.parse_qsl(text, keep_blank_values=True)
            else:
                raise _Refused(415, f"refused: {ctype or 'no content type'} on {url.path}; send "
                                    "application/sparql-query or application/sparql-update, or "
                                    "a form with query= or update=")
        else:
            raise _Refused(405, f"{self.command} {url.path} is not supported by this server")
        kinds = [k for k, _ in params if k in ("query", "update")]
        if len(kinds) != 1 or (kinds[0] == "update" and not updates) or \
                (kinds[0] == "query" and not queries):
            raise _Refused(400, "refused: give exactly one " + (
                "query" if not updates else "update" if not queries else "query or update"))
        kind = kinds[0]
        sparql = next(v for k, v in params if k == kind)
        policy = self.server.policy
        if kind == "update":
            refusal = policy.write_refusal(self.headers.get("Origin"),
                                           self.headers.get("Referer"), ctype)
            if refusal:
                raise _Refused(*refusal)
        refusal = policy.sparql_refusal(sparql, kind)
        if refusal:
            raise _Refused(400, refusal)
        data = urllib.parse.urlencode(params).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if self.headers.get("Accept"):
            headers["Accept"] = self.headers["Accept"]
        self._forward("POST", "/query" if kind == "query" else "/update", data, headers)

    # ------------------------------------------------------------------ Graph Store
    def _store(self):
        if self.command in ("GET", "HEAD"):
            headers = {"Accept": self.headers["Accept"]} if self.headers.get("Accept") else {}
            return self._forward(self.command, self.path, None, headers)
        if self.command not in ("PUT", "POST", "DELETE"):
            raise _Refused(405, f"{self.command} /store is not supported by this server")
        ctype = _media_type(self.headers.get("Content-Type"))
        refusal = self.server.policy.write_refusal(
            self.headers.get("Origin"), self.headers.get("Referer"),
            ctype if self.command != "DELETE" else "")
        if refusal:
            raise _Refused(*refusal)
        headers = {"Content-Type": self.headers["Content-Type"]} \
            if self.headers.get("Content-Type") else {}
        self._forward(self.command, self.path, self._body_stream(), headers)

    def _body_stream(self):
        """The request body as (length or None, iterator of bytes), read as it is sent on."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return None, self._chunks()
        n = int(self.headers.get("Content-Length") or 0)

        def parts(left=n):
            while left > 0:
                block = self.rfile.read(min(65536, left))
                if not block:
                    return
                left -= len(block)
                yield block
        return n, parts()

    # ------------------------------------------------------------------ to Oxigraph and back
    def _forward(self, method: str, path: str, body, headers: dict) -> None:
        host, port = self.server.backend
        conn = http.client.HTTPConnection(host, port, timeout=self.server.backend_timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in headers.items():
                conn.putheader(k, v)
            if isinstance(body, tuple):  # streamed Graph Store data
                length, parts = body
                if length is None:
                    conn.putheader("Transfer-Encoding", "chunked")
                else:
                    conn.putheader("Content-Length", str(length))
                conn.endheaders()
                for block in parts:
                    conn.send(f"{len(block):x}\r\n".encode() + block + b"\r\n"
                              if length is None else block)
                if length is None:
                    conn.send(b"0\r\n\r\n")
            else:
                if body is not None:
                    conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body)
            resp = conn.getresponse()
        except OSError as e:
            conn.close()
            raise _Refused(502, f"the Oxigraph server behind kg serve did not answer ({e})") \
                from None
        try:
            extra = {k: v for k, v in resp.getheaders()
                     if k.lower() in ("content-type", "location", "allow")}
            length = resp.getheader("Content-Length")
            if method == "HEAD" or resp.status in (204, 304):
                return self._start(resp.status, {**extra, "Content-Length": length or "0"})
            if length is not None:
                self._start(resp.status, {**extra, "Content-Length": length})
                while block := resp.read(65536):
                    self.wfile.write(block)
            else:
                self._start(resp.status, {**extra, "Transfer-Encoding": "chunked"})
                while block := resp.read1(65536):
                    self.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True  # the client left, or Oxigraph stopped mid-answer
        finally:
            conn.close()

    def _cors_headers(self) -> dict:
        allow = self.server.policy.cors_origin(self.headers.get("Origin"))
        return {"Access-Control-Allow-Origin": allow, "Vary": "Origin"} if allow else {}

    def _start(self, status: int, headers: dict) -> None:
        self.send_response(status)
        for k, v in {**headers, **self._cors_headers()}.items():
            self.send_header(k, v)
        self.end_headers()

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        try:
            self._start(status, {**(headers or {}), "Content-Length": str(len(body)),
                                 **({"Content-Type": "text/plain; charset=utf-8"} if body else {})})
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True


class FrontServer(ThreadingHTTPServer):
    """The front on ``address``, forwarding to the Oxigraph server at ``backend``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], policy: Policy, backend: tuple[str, int],
                 backend_timeout: float = 600.0):
        host = address[0].strip("[]")
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.policy, self.backend, self.backend_timeout = policy, backend, backend_timeout
        super().__init__((host, address[1]), FrontHandler)
