"""The golden build: seeds + tests/golden/corpus give the recorded N-Quads, facts and answers.

A change meant to alter what the product writes re-records them (see tests/golden/golden.py).
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

import golden  # noqa: E402


def test_the_golden_build_gives_the_recorded_outputs(tmp_path):
    want = golden.read_expected()
    assert want, "no recorded outputs in tests/golden/expected (run golden.py --record)"
    got = golden.outputs(tmp_path)
    assert sorted(got) == sorted(want)
    for name in sorted(want):
        if got[name] != want[name]:
            diff = difflib.unified_diff(want[name].splitlines(), got[name].splitlines(),
                                        "recorded/" + name, "now/" + name, lineterm="", n=1)
            raise AssertionError(f"{name} differs from the recording:\n"
                                 + "\n".join(list(diff)[:60]))
