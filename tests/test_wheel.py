"""The wheel is the product: built offline from the checkout, installed into a fresh virtual
environment outside the repository, its ``kg`` command builds a small folder of articles and
answers ``query --list``, a query, ``html`` and ``validate`` from another working directory, with
the queries and shapes it ships (not the checkout's)."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from fixture_corpus import TEXT_A, TEXT_B

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.wheel


def run(cmd: list, cwd: Path, timeout: int = 180) -> str:
    """Run ``cmd`` without the checkout on the path; its output, or a failure naming the command."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the checkout's packaged files (the checkout is
    left as it is)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("kg", "queries", "ontology"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", tmp / "dist", src], cwd=tmp)
    [whl] = (tmp / "dist").glob("*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with the wheel installed; the
    dependencies come from this environment's site-packages (through a .pth file, which does not
    run the editable install's hook found there)."""
    v = tmp_path_factory.mktemp("venv") / "v"
    run([sys.executable, "-m", "venv", "--without-pip", v], cwd=v.parent)
    python = v / "bin" / "python"
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=v.parent).strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "project_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-index", wheel], cwd=v.parent)
    return v


def test_the_wheel_holds_every_file_of_the_package_and_the_query_library(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kg").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert not package - names, f"missing from the wheel: {sorted(package - names)}"
    for folder, into, pattern in (("queries", "kg/_queries", "*.rq"),
                                  ("ontology", "kg/_ontology", "*.ttl")):
        shipped = {f"{into}/{p.name}" for p in (ROOT / folder).glob(pattern)}
        assert shipped and shipped <= names, f"{folder}/{pattern} not shipped as {into}"


def test_the_installed_kg_builds_queries_pages_and_validates_elsewhere(venv, tmp_path):
    kg = venv / "bin" / "kg"
    where = run([venv / "bin" / "python", "-c", "import kg; from kg.queries.library import "
                 "queries_dir; from kg.graph.shacl import ontology_dir; "
                 "print(kg.__file__, queries_dir(), ontology_dir(), sep='\\n')"], cwd=tmp_path)
    for line in where.splitlines():  # the installed package and its own copies, not the checkout
        assert Path(line).is_relative_to(venv), where
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (articles / "b.txt").write_text(TEXT_B, encoding="utf-8")
    with (articles / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["file", "lang", "published", "outlet"],
                                 ["a.txt", "en", "2026-03-05", "Example Wire"],
                                 ["b.txt", "es", "2026-03-05", ""]])

    built = run([kg, "build", "articles", "--workers", "1", "--no-exports"], cwd=tmp_path)
    assert "articles: 2 built, 0 rejected" in built and "SHACL: conforms" in built, built
    assert (tmp_path / "out" / "facts.json").is_file() and (tmp_path / "out" / "store").is_dir()
    listed = run([kg, "query", "--list"], cwd=tmp_path)
    assert "actors_by_type" in listed and "communications" in listed, listed
    people = run([kg, "query", "actors_by_type", "-p", "type=Person", "--format", "csv"],
                 cwd=tmp_path)
    assert "Ana Lopez" in people, people
    run([kg, "html", "--out", "page.html"], cwd=tmp_path)
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "Ana Lopez" in page and "<script src=\"http" not in page
    assert "conforms" in run([kg, "validate"], cwd=tmp_path).lower()
