"""What the browser and server tests share: the headless Chromium they drive, and `kg serve`
started on a copy of a store on a free loopback port, waited for and stopped."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from fault_proxy import free_port, stop

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "KgServes", "browser_missing", "chromium", "kg_serves",
           "stop", "wait_http"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"Debian chromium is not installed at {CHROMIUM} (make sysdeps installs it)"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not importable (pip install -e '.[test]')"
    return None


def wait_http(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Wait until ``url`` answers; fail with the server's log if it exits or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server not ready after {seconds} s: {log.read_text()[-2000:]}")


class KgServes:
    """``kg serve`` processes, each on its own copy of ``store``: ``start(*args)`` returns
    (url, port, log); ``close()`` stops them all."""

    def __init__(self, kg: list[str], store: Path, tmp_path: Path, cwd: Path | None = None):
        self.kg, self.store, self.tmp, self.cwd = kg, store, tmp_path, cwd
        self.procs: list[subprocess.Popen] = []

    def start(self, *args: str) -> tuple[str, int, Path]:
        n = len(self.procs)
        copy = self.tmp / f"store{n}"
        shutil.copytree(self.store, copy)
        port = free_port()
        log = self.tmp / f"serve{n}.log"
        proc = subprocess.Popen([*self.kg, "serve", "--store", str(copy), "--port", str(port),
                                 *args], cwd=self.cwd, stdout=log.open("wb"),
                                stderr=subprocess.STDOUT)
        self.procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/query?query=ASK%7B%7D", proc, log, 30)
        return url, port, log

    def close(self) -> None:
        for p in self.procs:
            stop(p)


def chromium():
    """A headless Chromium for a module fixture (``yield from chromium()``); skips where the
    browser tests cannot run."""
    import pytest

    if browser_missing():
        pytest.skip(browser_missing())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def kg_serves(kg: list[str], store: Path, tmp_path: Path, cwd: Path | None = None):
    """``kg serve`` processes for a fixture (``yield from``): the servers' starter, stopped at the
    end; skips where no Oxigraph server binary is installed."""
    import pytest

    from kg.store.serve import ServeError, oxigraph_binary

    try:
        oxigraph_binary()
    except ServeError as e:
        pytest.skip(str(e))
    serves = KgServes(kg, store, tmp_path, cwd)
    try:
        yield serves
    finally:
        serves.close()
