"""Build-cache keys come from the code that runs: editing a function in any part of the package
that makes a cached result changes that result's key, a comment does not, and every module those
parts import is itself part of the key (so no module can be forgotten)."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from kg.store.cache import EXTRACTION_CODE, FACTS_CODE, GRAPH_CODE, PACKAGE_DIR, code_digest, code_files

KEYS = {"extraction": EXTRACTION_CODE, "graph": GRAPH_CODE, "facts": FACTS_CODE}
PARTS = sorted({(name, part) for name, parts in KEYS.items() for part in parts})


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A copy of the kg package to edit."""
    root = tmp_path_factory.mktemp("copy") / "kg"
    shutil.copytree(PACKAGE_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.fixture(scope="module")
def unedited(package) -> dict[str, str]:
    """Each key of the copy as it was made."""
    return {k: code_digest(parts, package) for k, parts in KEYS.items()}


def a_function(root: Path, part: str) -> tuple[Path, ast.FunctionDef]:
    """The first module of ``part`` (a package or a module) with a function whose body starts on
    a line of its own, and that function."""
    for path in sorted(p for p in code_files([part], root) if p.suffix == ".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.body[0].lineno > node.lineno:
                return path, node
    raise AssertionError(f"no function in kg/{part}")


def insert_line(path: Path, before: int, text: str) -> str:
    """Insert ``text`` before line ``before`` (1-based); returns the original source."""
    src = path.read_text(encoding="utf-8")
    lines = src.splitlines(keepends=True)
    lines.insert(before - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return src


@pytest.mark.parametrize("key,part", PARTS, ids=[f"{k}:{p}" for k, p in PARTS])
def test_a_changed_function_changes_the_key_and_a_comment_does_not(package, unedited, key, part):
    parts, before = KEYS[key], unedited[key]
    path, fn = a_function(package, part)
    first = fn.body[0]
    indent = " " * first.col_offset
    original = insert_line(path, first.lineno, f"{indent}_unused_here = 1")
    try:
        assert code_digest(parts, package) != before, f"{path.name}:{fn.name} edited, same key"
    finally:
        path.write_text(original, encoding="utf-8")
    insert_line(path, first.lineno, f"{indent}# a comment says nothing to the cache")
    try:
        assert code_digest(parts, package) == before, f"a comment in {path.name} changed the key"
    finally:
        path.write_text(original, encoding="utf-8")


def test_an_edited_data_file_changes_the_extraction_and_graph_keys(package, unedited):
    data = sorted((package / "data").glob("*.jsonl"))[0]
    before = unedited
    original = data.read_bytes()
    data.write_bytes(original + b"\n")
    try:
        after = {k: code_digest(parts, package) for k, parts in KEYS.items()}
    finally:
        data.write_bytes(original)
    assert after["extraction"] != before["extraction"] and after["graph"] != before["graph"]
    assert after["facts"] == before["facts"]


def kg_imports(path: Path) -> set[str]:
    """The kg modules a module imports (at its top or inside functions), as dotted names."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            if node.module and node.module.split(".")[0] == "kg":
                out.add(node.module)
                out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "kg")
    return out


def module_file(name: str) -> Path | None:
    """kg/a/b.py or kg/a/b/__init__.py for ``kg.a.b``; None for a name that is not a module
    (``from kg.a import some_function``) and for the root package, which every import runs but
    which holds only the library's entry points."""
    rel = Path(*name.split(".")[1:])
    if not rel.parts:
        return None
    for path in (PACKAGE_DIR / rel.with_suffix(".py"), PACKAGE_DIR / rel / "__init__.py"):
        if path.is_file():
            return path
    return None


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_module_the_code_imports_is_part_of_its_key(key):
    files = {p.resolve() for p in code_files(KEYS[key])}
    missing = set()
    for path in [p for p in files if p.suffix == ".py"]:
        for name in kg_imports(path):
            target = module_file(name)
            if target is not None and target.resolve() not in files:
                missing.add(f"{target.relative_to(PACKAGE_DIR)} (imported by "
                            f"{path.relative_to(PACKAGE_DIR)})")
    assert not missing, f"add to {key.upper()}_CODE in kg/store/cache.py: {sorted(missing)}"
