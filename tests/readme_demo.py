"""The README's "What `make demo` prints" block, from a real run of the demo build.

``python tests/readme_demo.py`` builds seeds/ as ``make demo`` does (into a temporary folder) and
rewrites the block; tests/test_usability.py compares the block with the build it runs. Paths are
shown as ``out/...`` and the timing line without its figures (they vary from run to run).
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "## What `make demo` prints\n\n```\n"
END = "\n```\n"


def block(output: str, out_dir: str | Path) -> str:
    """The build's output as the README shows it."""
    text = output.replace(str(out_dir), "out")
    text = re.sub(r"(?m)^time: .*$", "time: … (varies with the machine)", text)
    return text.strip()


def readme_block(readme: str | None = None) -> str:
    readme = README.read_text(encoding="utf-8") if readme is None else readme
    i = readme.index(START) + len(START)
    return readme[i:readme.index(END, i)]


def record() -> None:
    from click.testing import CliRunner

    from kg.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        res = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--store",
                                        f"{tmp}/store", "--out", tmp])
        if res.exit_code != 0:
            sys.exit(res.output)
        new = block(res.output, tmp)
    readme = README.read_text(encoding="utf-8")
    README.write_text(readme.replace(readme_block(readme), new), encoding="utf-8")
    print(f"wrote the demo block of {README}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    record()
