"""Red flags in a listing's free text, in Indonesian and English, aware of negation.

Each flag is a set of regular expressions over folded text (lower case, no punctuation; see
``features.text.fold``). A hit preceded closely by a negation ("tanpa potongan gaji", "no placement fee",
"bukan visa turis") does not count. Sources: Kemnaker's red-flag list (Kompas 2022-08-28), ILO
indicators of forced labour (2012), Kemlu online-scam data (Tempo 2024-07-04).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from features.text import fold

NEGATIONS = ("tanpa", "tidak", "tak", "bukan", "no", "not", "without", "never", "free", "gratis", "bebas",
             "zero", "nol", "non", "dilarang", "prohibited", "forbidden", "tdk", "gak", "nggak", "jangan")
NEGATION_WINDOW = 3  # tokens before a hit that may negate it ("tanpa ada potongan gaji")


@dataclass(frozen=True)
class TextFlag:
    """A phrase family: ``flag`` id, the folded regexes that raise it, and what right after a hit clears it
    (e.g. "biaya proses *ditanggung majikan*" is not a fee asked of the worker)."""

    flag: str
    patterns: tuple[str, ...]
    cleared_by: str | None = None


_PAID_BY_OTHERS = (r"^(?: \w+){0,3} (?:ditanggung|dibayar|dibayarkan|paid|covered|borne|gratis|free|nol|0\b)"
                   r"|^(?: \w+){0,2} (?:oleh|by) (?:majikan|employer|perusahaan|company|pemerintah|government)")


FLAGS: tuple[TextFlag, ...] = (
    TextFlag("passport_retention", (
        r"paspor\w* (?:akan |harus )?(?:di ?pegang|di ?simpan|di ?tahan|di ?titip\w*|dikumpulkan) "
        r"(?:oleh )?(?:majikan|agen\w*|perusahaan|pt|sponsor|kantor|boss|bos|employer|agency)",
        r"paspor\w* (?:di ?pegang|di ?simpan|di ?tahan)\w* (?:\w+ ){0,3}(?:untuk|demi) keamanan",
        r"passports? (?:will be |are |is |must be )?(?:held|kept|kept safe|retained|collected|kept safely) "
        r"by (?:the )?(?:employer|agency|agent|company|boss)",
        r"passports? (?:will be |are |is )?(?:held|kept|retained)\w* (?:\w+ ){0,3}for safe\w*",
        r"(?:employer|agency|company) (?:will )?(?:keep|hold|retain)s? (?:your |the |worker s )?passports?",
    )),
    TextFlag("visa_conversion", (
        r"visa (?:kunjungan|turis|wisata|ziarah|umroh|umrah|pelancong|visit|tourist|on arrival)\w*"
        r"(?: \w+){0,8} (?:nanti|kemudian|lalu|later|then|after)\w*(?: \w+){0,4} "
        r"(?:di ?urus|di ?ubah|di ?ganti|di ?konversi|convert\w*|chang\w*|switch\w*|proses\w*)",
        r"(?:berangkat|masuk|enter|depart|fly|go)\w* (?:\w+ ){0,3}(?:pakai |dengan |with |on |using )(?:a )?"
        r"(?:visa )?(?:kunjungan|turis|wisata|ziarah|umroh|umrah|visit|tourist|bebas visa|visa free)",
    )),
    TextFlag("upfront_fee", (
        r"(?:biaya|uang) (?:pendaftaran|administrasi|admin|proses|registrasi|formulir|medical|booking|"
        r"jaminan|deposit|pengurusan)",
        # Not "placement cost": a disclosed, capped cost is checked by the structured fee rules instead.
        r"(?:registration|processing|admin|administration|booking|application|deposit) (?:fee|cost|charge)s?",
        r"(?:transfer|tf|kirim|setor)\w* (?:(?!xcl\b)\w+ ){0,4}(?:ke )?"
        r"(?:rekening|rek|norek|account|acc|dana|ovo|gopay)\b",
        r"(?:dp|down payment|uang muka) (?:\w+ ){0,2}(?:rp|idr|sebelum|before)",
    ), cleared_by=_PAID_BY_OTHERS),
    TextFlag("salary_deduction", (
        r"(?:potong\w*|dipotong) (?:\w+ ){0,2}(?:gaji|upah|salary)",
        r"(?:gaji|upah|salary) (?:\w+ ){0,2}(?:di ?potong|potong\w*|deduct\w*)",
        r"salary deduction\w*",
        r"deduct\w* (?:\w+ ){0,3}(?:from )?(?:your |the )?(?:salary|wages?|pay)",
        r"(?:cicil\w*|angsur\w*|bayar) (?:\w+ ){0,3}(?:dari|lewat|melalui) gaji",
        r"(?:repay|pay back)\w* (?:\w+ ){0,4}(?:from|through|via) (?:your )?(?:salary|wages?)",
    )),
    TextFlag("personal_contact_only", (
        r"\b(?:wa|whatsapp|whats app|telegram|tele|tg|wechat|dm|inbox|line id|id line)\b",
        r"\b\w+ (?:gmail|yahoo|hotmail|outlook|ymail|proton\w*) (?:com|co id|co)\b",
    )),
    TextFlag("no_requirements", (
        r"tanpa (?:pengalaman|ijazah|syarat|skill|keahlian|tes|test|bahasa)",
        r"tidak (?:perlu|butuh|harus|wajib) (?:\w+ )?(?:pengalaman|ijazah|skill|keahlian|bahasa|tes)",
        r"no (?:experience|qualification\w*|diploma|degree|skills?|requirements?|language|test)(?: \w+)?"
        r" (?:needed|required|necessary)",
        r"no (?:experience|qualification\w*|diploma|requirements?)\b",
        r"(?:semua|segala|all) (?:umur|usia|ages?)",
        r"(?:umur|usia|age) (?:bebas|tidak dibatasi|any)",
    )),
    TextFlag("online_job_lure", (
        r"(?:admin|customer service|cs|marketing|operator|staff|telemarketing|typist) online",
        r"online (?:admin|customer service|cs|marketing|job|kerja)",
        r"(?:kerja|bekerja) (?:di )?(?:depan )?(?:laptop|komputer|hp|handphone)",
        r"(?:crypto|kripto|investasi|investment|trading|scam|judi|casino|kasino|gambling)",
    )),
)

_COMPILED = tuple((f.flag, tuple(re.compile(p) for p in f.patterns),
                   re.compile(f.cleared_by) if f.cleared_by else None) for f in FLAGS)


@dataclass(frozen=True)
class FlagHit:
    """A flag raised by a phrase in the text (``evidence`` is the folded phrase that matched)."""

    flag: str
    evidence: str


CLAUSE = "xcl"  # stands for clause punctuation, so a negation never reaches into the next clause
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]]+(?=\s|$)|\n+|\s[-–—/|]\s")


def _negated(folded: str, start: int) -> bool:
    before = folded[:start].split()
    if CLAUSE in before:
        before = before[len(before) - before[::-1].index(CLAUSE):]
    return any(tok in NEGATIONS for tok in before[-NEGATION_WINDOW:])


_NONE_AFTER = re.compile(rf"^(?: {CLAUSE})? (?:none|nil|tidak ada|nol|0|free|gratis|n a|rp 0|idr 0)\b")


def _cleared(folded: str, end: int, cleared_by: re.Pattern[str] | None) -> bool:
    if cleared_by is None:
        return False
    rest = folded[end:]
    if _NONE_AFTER.match(rest):  # "placement fee: none"
        return True
    return bool(cleared_by.search(rest.split(f" {CLAUSE}", 1)[0]))


def fold_clauses(text: str) -> str:
    """``fold`` that keeps clause boundaries as the token ``xcl`` ("1.200" stays one number)."""
    return fold(_CLAUSE_END.sub(f" {CLAUSE} ", text))


def scan(text: str) -> list[FlagHit]:
    """Every non-negated red flag in ``text`` (one hit per flag, the first occurrence)."""
    folded = fold_clauses(text)
    hits = []
    for flag, patterns, cleared_by in _COMPILED:
        for pattern in patterns:
            found = next((m for m in pattern.finditer(folded)
                          if not _negated(folded, m.start()) and not _cleared(folded, m.end(), cleared_by)), None)
            if found:
                hits.append(FlagHit(flag, " ".join(t for t in found.group(0).split() if t != CLAUSE)))
                break
    return hits
