"""Contract text -> sentences, each with its language and, for side-by-side bilingual layouts, its column.

A bilingual contract is often two columns (Indonesian | English) on one page; a PDF read in layout mode
or a text file keeps them as long lines with a wide run of spaces (or a tab, or ``|``) between the columns.
``split_columns`` finds that gutter and reads each column on its own, so a clause is never glued to its
translation. Then lines are joined into paragraphs (a numbered heading, a labelled field ``Name: ...`` or a
blank line starts a new one) and paragraphs are cut into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from features.text import fold

MIN_GUTTER = 3  # spaces between two columns
_ID_WORDS = frozenset("""yang dan dengan untuk oleh dari pada akan wajib tidak atau ini itu dalam setiap sebesar
bulan hari tahun pekerja majikan gaji upah kerja perjanjian pihak berhak selama sebagai kepada adalah di ke jika
apabila bahwa tersebut biaya potongan dipotong paspor libur cuti pulang ditanggung disediakan perusahaan
pemberi jam lembur sendiri secara berlaku""".split())
_EN_WORDS = frozenset("""the and with for by from of shall will not or this that in every per month day year
worker employer helper wage wages salary work contract party entitled during as to is at if any which be such
fee deduction deducted passport rest leave return paid provided company hours overtime own employee period
agreement""".split())
_HEADING = re.compile(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[a-z]?[.)]|\(?[a-hA-H][.)]|[-•●▪*]|"
                      r"(?:pasal|clause|article|bagian)\s+\d+[.:]?)\s+", re.IGNORECASE)
_FIELD = re.compile(r"^\s*[A-Za-z][A-Za-z '’/()&.-]{1,60}\s*[:：]\s*\S")
_ABBREV = re.compile(r"(?:\b(?:mr|mrs|ms|dr|no|co|ltd|inc|sdn|bhd|pt|tbk|jl|jln|st|rd|vs|etc|approx|hlm|kab|"
                     r"kec|tel|telp|art|ps|ref|e\.g|i\.e|a\.m|p\.m)|\b[A-Z])\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the contract: ``text`` (one line), its ``lang`` (``id``, ``en`` or ``?``), the ``column``
    it came from (0 left, 1 right, None in a one-column layout) and its position ``index`` in reading order."""

    text: str
    lang: str
    column: int | None
    index: int


def language_of(text: str) -> str:
    """``id``, ``en`` or ``?`` by counting common Indonesian and English words."""
    words = fold(text).split()
    id_score = sum(w in _ID_WORDS for w in words)
    en_score = sum(w in _EN_WORDS for w in words)
    if id_score == en_score:
        return "?"
    return "id" if id_score > en_score else "en"


def split_columns(text: str) -> list[list[str]]:
    """The text's columns, each a list of lines: one column, or two when a gutter runs down the page."""
    lines = text.split("\n")
    full = [ln for ln in lines if ln.strip()]
    if len(full) < 4:
        return [lines]
    for sep in ("\t", " | ", " │ "):
        with_sep = [ln for ln in full if sep in ln.strip()]
        if len(with_sep) >= max(3, 0.4 * len(full)):
            left, right = [], []
            for ln in lines:
                a, _, b = ln.partition(sep) if sep in ln else (ln, "", "")
                left.append(a.strip())
                right.append(b.strip())
            return [left, right]
    cut = _gutter(lines)
    if cut is None:
        return [lines]
    left, right = [], []
    for ln in lines:
        if len(ln) > cut and ln[cut - 1] != " " and ln[cut] != " " and not ln[:cut].strip() == "":
            # a line that runs across the gutter (a title): it belongs to the left column's reading
            left.append(ln.strip())
            right.append("")
            continue
        left.append(ln[:cut].rstrip())
        right.append(ln[cut:].strip())
    return [left, right]


def _gutter(lines: list[str]) -> int | None:
    """The character column where a right-hand column starts, or None for a one-column text."""
    full = [ln.rstrip() for ln in lines if ln.strip()]
    width = max(len(ln) for ln in full)
    if width < 30:
        return None
    best: tuple[int, int] | None = None
    for x in range(int(width * 0.25), int(width * 0.75)):
        two_sided = crossing = 0
        for ln in full:
            gap = ln[max(0, x - MIN_GUTTER):x]
            if len(ln) <= x:
                continue
            if gap.strip() == "" and ln[:max(0, x - MIN_GUTTER)].strip() and ln[x:].strip():
                if ln[x] != " ":
                    two_sided += 1
            elif gap.strip() and ln[x:x + 1].strip():
                crossing += 1
        if best is None or two_sided > best[0]:
            best = (two_sided, x) if crossing <= 0.15 * len(full) else best
    if best is None or best[0] < max(3, 0.3 * len(full)):
        return None
    return best[1]


def paragraphs(lines: list[str]) -> list[str]:
    """Lines -> paragraphs: a blank line, a numbered or bulleted heading or a labelled field starts one, and a
    short line without end punctuation (a title such as "Pasal 4 - Jam kerja") stands alone."""
    out: list[str] = []
    current: list[str] = []
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    typical = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    for raw in lines:
        line = raw.strip()
        starts = bool(_HEADING.match(line) or _FIELD.match(line))
        if not line or (starts and current):
            if current:
                out.append(_join(current))
            current = [line] if line else []
            if line and _is_title(line, typical):
                out.append(_join(current))
                current = []
            continue
        current.append(line)
        if _is_title(line, typical) and len(current) == 1:
            out.append(_join(current))
            current = []
    if current:
        out.append(_join(current))
    return [p for p in out if p]


def _is_title(line: str, typical: int) -> bool:
    """A heading line: short, no end punctuation, no labelled value ("Pasal 4 - Jam kerja", "Article 3. Wages")."""
    if re.search(r"[.;:,!?]$", line) or _FIELD.match(line):
        return False
    if re.match(r"(?:pasal|article|clause|bagian)\s+\d+", line, re.IGNORECASE):
        return len(line) < 80
    return len(line) < min(60, 0.6 * typical) and line[:1].isupper() and not line.endswith((")", "]"))


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated across lines
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"\s+", " ", text).strip()


def sentences_of(paragraph: str) -> list[str]:
    """Cut a paragraph at ``.``, ``;``, ``!`` or ``?`` followed by a space and a capital, a digit or a bracket,
    except after an abbreviation (``Mr.``, ``No.``, ``Sdn.``) or inside a number (``5.100``)."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.;!?](?=\s+[\"'“(\[A-Z0-9])", paragraph):
        chunk = paragraph[start:m.end()]
        if m.group(0) == "." and _ABBREV.search(chunk.rstrip()):
            continue
        if re.fullmatch(r"\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-hA-H][.)]|pasal\s+\d+\.?)\s*", chunk,
                        re.IGNORECASE):
            continue  # "1." is a heading number, not a sentence
        out.append(chunk.strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def segment(text: str) -> list[Sentence]:
    """The contract's sentences in reading order (the left column before the right one)."""
    columns = split_columns(text)
    two = len(columns) == 2
    out: list[Sentence] = []
    for col_no, lines in enumerate(columns):
        for para in paragraphs(lines):
            for sent in sentences_of(para):
                out.append(Sentence(sent, language_of(sent), col_no if two else None, len(out)))
    return out
