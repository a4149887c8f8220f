"""HTTP to a SPARQL server: one request with retries and backoff, errors that never show a secret.

In: a method, a URL, a body and headers, with an endpoint's credentials, time-out, retries and
backoff. Out: the body (or headers and body) of a 2xx answer, or an error whose text is scrubbed
of the credentials: :class:`kg.errors.EndpointAuthError` on 401/403 (at once),
:class:`kg.errors.EndpointUnreachable` when nothing answers, :class:`kg.errors.EndpointError`
otherwise. Connection errors, time-outs, 5xx, 408 and 429 are retried with exponential backoff,
unless the answer says the request itself is wrong. With :attr:`Transport.stop_after` set (during
a load), that many requests in a row without any answer stop at once.
"""
from __future__ import annotations

import http.client
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping

from kg.errors import EndpointAuthError, EndpointError, EndpointUnreachable
from kg.store.credentials import ENV_PASSWORD, ENV_USER, Credentials, scrub

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
# a 5xx whose text says the request itself is wrong is not retried (Virtuoso answers a query it
# cannot compile with 500 and an SQL state such as 37000)
_REJECTED = re.compile(r"\b(?:37000|42000|22023)\b|SPARQL compiler|syntax error|parse error",
                       re.I)


class NoAnswer(Exception):
    """One attempt got no HTTP answer."""


class HTTPFailure(Exception):
    """One attempt got an HTTP error status."""

    def __init__(self, code: int, reason: str, detail: str, headers):
        super().__init__(f"HTTP {code} {reason}")
        self.code, self.reason, self.detail, self.headers = code, reason, detail, headers


class Transport:
    """The HTTP side of an endpoint: ``urls`` are the addresses the credentials are sent to."""

    def __init__(self, urls: Iterable[str], credentials: Credentials | None, *, timeout: float,
                 retries: int, backoff: float, log: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] | None = None):
        self.credentials = credentials
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.log = log or (lambda msg: None)
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self.unanswered = 0  # requests in a row that got no answer at all
        self.stop_after: int | None = None  # that many stop retrying (set during a load)
        handlers: list = []
        if credentials is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for u in urls:
                mgr.add_password(None, u, credentials.user, credentials.password)
            handlers += [urllib.request.HTTPBasicAuthHandler(mgr),
                         urllib.request.HTTPDigestAuthHandler(mgr)]
        self._opener = urllib.request.build_opener(*handlers)

    def scrub(self, text: str) -> str:
        """``text`` without the credentials (see :func:`kg.store.credentials.scrub`)."""
        return scrub(text, self.credentials)

    def once(self, method: str, url: str, data: bytes | None,
             headers: Mapping[str, str] | None, timeout: float):
        """One attempt: the headers and body of a 2xx answer; raises HTTPFailure or NoAnswer."""
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                body = resp.read()
            self.unanswered = 0
            return resp.headers, body
        except urllib.error.HTTPError as e:
            self.unanswered = 0
            detail = " ".join(_read_quietly(e).decode("utf-8", "replace").split())[:300]
            raise HTTPFailure(e.code, e.reason, detail, e.headers) from None
        except (TimeoutError, socket.timeout):
            reason = f"no answer within {timeout:g} s"
        except urllib.error.URLError as e:
            if isinstance(e.reason, (TimeoutError, socket.timeout)):
                reason = f"no answer within {timeout:g} s"
            else:
                reason = f"cannot connect ({e.reason})"
        except (http.client.HTTPException, ConnectionError, OSError) as e:
            reason = f"connection failed ({type(e).__name__}: {e})"
        self.unanswered += 1
        raise NoAnswer(reason)

    def auth_error(self, e: HTTPFailure, url: str, what: str) -> EndpointAuthError:
        """The error for a 401/403 answer, saying whether credentials were given."""
        who = "the credentials were refused" if self.credentials else \
            f"no credentials were given (set {ENV_USER}/{ENV_PASSWORD} or use --credentials FILE)"
        return EndpointAuthError(self.scrub(
            f"{what}: HTTP {e.code} {e.reason} from {url}: {who}"
            + (" or this user may not write" if e.code == 403 else "")
            + (f" (the server said: {e.detail})" if e.detail else "")))

    def request(self, method: str, url: str, *, data: bytes | None = None,
                headers: Mapping[str, str] | None = None, what: str = "request",
                retries: int | None = None) -> bytes:
        """One HTTP request with retries; returns the body; raises EndpointError (scrubbed).

        Every step a load repeats this way is safe to repeat (see
        :meth:`kg.store.remote.Endpoint.replace_graph`). With ``stop_after`` set, that many
        requests in a row without an answer raise :class:`EndpointUnreachable` at once instead
        of trying the remaining attempts.
        """
        retries = self.retries if retries is None else retries
        last, unanswered = "", False
        for attempt in range(retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                self.log(self.scrub(f"{what}: {last}; retry {attempt}/{retries} "
                                    f"in {delay:.1f} s"))
                self.sleep(delay)
            try:
                return self.once(method, url, data, headers, self.timeout)[1]
            except HTTPFailure as e:
                if e.code in (401, 403):
                    raise self.auth_error(e, url, what) from None
                last, unanswered = f"HTTP {e.code} {e.reason}" + (f": {e.detail}" if e.detail
                                                                    else ""), False
                if e.code not in RETRY_STATUS or _REJECTED.search(e.detail):
                    raise EndpointError(self.scrub(f"{what}: {last} (from {url})")) from None
            except NoAnswer as e:
                last, unanswered = str(e), True
                if self.stop_after and self.unanswered >= self.stop_after:
                    raise EndpointUnreachable(self.scrub(
                        f"{what}: {last} (from {url}; {self.unanswered} requests in a row got no "
                        "answer)")) from None
        raise (EndpointUnreachable if unanswered else EndpointError)(self.scrub(
            f"{what}: {last} (from {url}; gave up after {retries + 1} attempts)"))

    def post_form(self, url: str, fields: list[tuple[str, str]], accept: str | None,
                  what: str, retries: int | None = None) -> bytes:
        """POST ``fields`` as an HTML form (the SPARQL 1.1 Protocol's query form)."""
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self.request("POST", url, data=urllib.parse.urlencode(fields).encode("utf-8"),
                            headers=headers, what=what, retries=retries)


def _read_quietly(e: urllib.error.HTTPError) -> bytes:
    try:
        return e.read() or b""
    except (OSError, http.client.HTTPException):
        return b""
