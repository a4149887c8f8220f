"""Credentials for a SPARQL endpoint, and keeping them out of every message.

In: ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` from the environment, or a file of
``user=…`` and ``password=…`` lines; endpoint URLs. Out: :class:`Credentials` (whose repr never
shows the password), text with every secret replaced by ``***`` (:func:`scrub`), and URLs
checked to be http(s) without ``user:password@`` in them (:func:`check_url`).
"""
from __future__ import annotations

import base64
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import EndpointError

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"Credentials(user={self.user!r}, password='***')"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials | None:
        env = os.environ if environ is None else environ
        user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
        if not user and not password:
            return None
        if not user or password is None:
            raise EndpointError(f"set both {ENV_USER} and {ENV_PASSWORD} (only one is set)")
        return cls(user, password)

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> Credentials:
        """A file of ``user=…`` and ``password=…`` lines (``KG_ENDPOINT_USER=…`` also works)."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise EndpointError(f"{p}: cannot read the credentials file ({type(e).__name__})") \
                from None
        values = {}
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            key = key.strip().lower().removeprefix("kg_endpoint_")
            if not sep or key not in ("user", "password"):
                raise EndpointError(f"{p}:{n}: expected 'user=NAME' or 'password=SECRET' "
                                    "(the line is not shown, it may hold a secret)")
            values[key] = value.strip()
        if "user" not in values or "password" not in values:
            raise EndpointError(f"{p}: needs a 'user=' line and a 'password=' line")
        return cls(values["user"], values["password"])

    def secrets(self) -> list[str]:
        pair = f"{self.user}:{self.password}"
        token = base64.b64encode(pair.encode()).decode()
        return [s for s in (pair, token, self.password) if s]


def scrub(text: str, creds: Credentials | None) -> str:
    """``text`` with the password, the user:password pair and its Basic token replaced by ***."""
    if creds is not None:
        for secret in creds.secrets():
            text = text.replace(secret, "***")
    return text


def check_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) URL without credentials in it, else EndpointError."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{what}: {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise EndpointError(f"{what}: do not put credentials in the URL (they end up in shell "
                            f"history and logs); use {ENV_USER}/{ENV_PASSWORD} or --credentials")
    return url
