"""A corpus of hostile inputs, made on demand (nothing here is downloaded or copied).

:func:`make_hostile_corpus` writes into a folder the kinds of junk a real corpus holds: empty and
binary files, a 50 MB text, a single 1 MB line, latin-1 and UTF-16 text, mixed languages, HTML with
scripts, names and quotes that carry markup and quoting characters, control characters and
right-to-left marks, a manifest with missing and extra columns and hostile paths, duplicate ids.
It returns what each file is and whether a build should keep it (``ok``) or reject it.
The tests (``tests/test_hostile.py``) and ``bench/reliability.py`` use it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: a valid English article around which the hostile names are put
VALID_EN = ("Interior Minister Talia Brennholt of Korvania met Defence Secretary Oren Vasquel in "
            "Mexico City on Monday, January 12, 2026. Brennholt said the two governments agreed to "
            "share intelligence on the Orvale Cartel. Vasquel called the talks productive.\n")
VALID_ES = ("La canciller de Korvania, Ilse Marandon, se reunió el lunes 12 de enero de 2026 en "
            "Ciudad de México con el secretario de Seguridad, Tomás Quirell. Quirell dijo que ambos "
            "gobiernos compartirán información sobre el cártel de Orvale.\n")

HOSTILE_NAMES = [
    '<script>window.__pwned = 1</script>',
    'Ana "The Hammer" O\'Brien',
    'Back\\slash Vel\\ez',
    'Tri"""ple Quotes',
    'Gre>ater Tha}n',
    'Lefty ‮Rightmark‬ Oddname',
    'Nul\x00l Char\x07ed',
]


@dataclass(frozen=True)
class Case:
    file: str
    what: str
    ok: bool  # a build keeps this article (True) or rejects it with a reason (False)


def _names_article(name: str, other: str) -> str:
    return (f"Security Minister {name} met Ambassador {other} in Washington on Tuesday, "
            f"March 3, 2026. {name} said: \"We will not accept </p><b>threats</b> & demands.\" "
            f"The ministry of {name} later rejected the proposal.\n")


def make_hostile_corpus(dest: str | os.PathLike, big_mb: int = 50) -> list[Case]:
    """Write the hostile corpus into ``dest`` (created; existing files overwritten)."""
    d = Path(dest)
    d.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes | str, what: str, ok: bool) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (d / name).write_bytes(raw)
        cases.append(Case(name, what, ok))

    put("valid_en.txt", VALID_EN, "a plain valid English article", True)
    put("valid_es.txt", VALID_ES, "a plain valid Spanish article", True)
    put("empty.txt", b"", "an empty file", False)
    put("blank.txt", "   \n\t\n  \n", "whitespace only", False)
    put("binary.txt", bytes(range(256)) * 64, "binary bytes with NULs", False)
    put("png_disguised.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(4096), "an image named .txt", False)
    # a 50 MB text: far over the size limit; written in chunks so the test stays light
    with (d / "huge.txt").open("wb") as fh:
        block = (VALID_EN * 200).encode("utf-8")
        for _ in range(big_mb * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    cases.append(Case("huge.txt", f"a {big_mb} MB text", False))
    line = VALID_EN.strip() + " "
    put("one_line.txt", (line * (1024 * 1024 // len(line) + 1)).strip(), "a single 1 MB line", False)
    put("latin1.txt", VALID_ES.encode("latin-1"), "Spanish text in latin-1 (read, with a warning)",
        True)
    put("utf16.txt", VALID_ES.encode("utf-16"), "Spanish text in UTF-16 with a BOM", True)
    put("mixed.txt", VALID_EN + VALID_ES, "English and Spanish in one article", True)
    put("page.txt", "<html><head><script>alert('x')</script><style>p{}</style></head><body><p>"
        + VALID_EN + "</p><script>document.write('<img src=x onerror=alert(1)>')</script></body></html>",
        "an HTML page with scripts", True)
    for i, name in enumerate(HOSTILE_NAMES):
        put(f"names_{i}.txt", _names_article(name, HOSTILE_NAMES[(i + 1) % len(HOSTILE_NAMES)]),
            f"names with markup/quotes/control characters ({name!r})", True)
    put("nul_heavy.txt", "\x00".join(VALID_EN), "text with a NUL between every character", False)
    put("controls.txt", "Minister\u200b Talia\u00ad Brennholt\u202e met\x0b Oren\x1b[31m Vasquel "
        "in Mexico City on Monday, January 12, 2026.\u2066 He said the talks went well.\n",
        "control characters, zero-width and bidi marks", True)
    put("iri space.txt", VALID_EN, "a file name with a space", True)
    put("dup.txt", VALID_EN, "an article", True)
    put("dup!.txt", VALID_EN.replace("Monday", "Tuesday"), "a file name with punctuation", True)
    (d / "sub").mkdir(exist_ok=True)
    put("sub/dup.txt", VALID_ES, "same file name in a sub-folder (same id)", False)
    put("bad_date.txt", VALID_ES, "manifest row with an impossible date", False)
    put("bad_lang.txt", VALID_EN, "manifest row with an unsupported language", False)
    put("odd_urls.txt", VALID_EN, "manifest URL with a space", True)
    put("js_url.txt", VALID_ES, "manifest URL with a javascript: scheme", True)
    # the manifest: a missing column (no 'outlet'), an extra column, rows for files that are not
    # there, paths that try to leave the corpus folder
    manifest = ("file,lang,published,url,extra_col\n"
                "valid_en.txt,en,2026-01-12,,whatever\n"
                "odd_urls.txt,en,2026-01-12,https://example.org/a b,\n"
                "js_url.txt,es,,javascript:alert(1),\n"
                "bad_date.txt,es,2026-13-45,,\n"
                "bad_lang.txt,xx,,,\n"
                "../../etc/passwd,en,,,\n"
                "/etc/hostname,en,,,\n"
                "missing.txt,en,,,\n")
    (d / "manifest.csv").write_text(manifest, encoding="utf-8")
    return cases
