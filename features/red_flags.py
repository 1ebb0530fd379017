"""Red flags in a listing's free text: Indonesian, English, Javanese and code-mixed, obfuscated or not.

The reading runs in three steps, each pure:

1. ``clean_text`` undoes the tricks scam posts use to slip past filters: letters written as digits or symbols
   inside a word ("b!aya" -> "biaya", "p4sp0r" -> "paspor", "jam1nan" -> "jaminan"), amounts written in words
   ("dua puluh lima juta" -> "25000000") or shorthand ("25jt", "Rp25.000.000,-", "500rb", "1,5 juta"), and
   keeps clause boundaries as the token ``xcl`` so a negation never reaches into the next clause.
2. ``scan`` matches each flag's patterns over the folded text. A hit preceded closely by a negation ("tanpa
   biaya", "paspor tidak ditahan", "no placement fee", "ora ana potongan") does not count, and a fee followed by
   who pays it ("biaya pelatihan ditanggung pemerintah", "biaya proses: gratis") is cleared. A fee "dibayar di
   muka" (paid up front) is NOT cleared: being paid is not being paid by someone else.
3. ``household_work`` and ``countries_named`` read what the text says about the kind of job and the
   destination, so structured fields can be cross-checked against it (``TKW``/``ART``/``PRT`` is household
   work whatever ``employer_type`` says).

Every flag names the public source it rests on (``FLAG_SOURCES``): Kemnaker's red-flag list (Kompas
2022-08-28), the ILO indicators of forced labour (2012), UU 18/2017, UU 21/2007, Perban BP2MI 9/2020 and
Kemlu's online-scam data (Tempo 2024-07-04). ``features`` imports nothing of ``matching``; the screening rules
(``matching.screening``) turn these flags into cited verdict reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from features.text import fold

CLAUSE = "xcl"  # stands for clause punctuation in folded text
NEGATIONS = frozenset(("tanpa", "tidak", "tak", "bukan", "no", "not", "without", "never", "free", "gratis", "bebas",
                       "zero", "nol", "non", "dilarang", "prohibited", "forbidden", "tdk", "gak", "nggak", "ngga",
                       "enggak", "jangan", "ora", "mboten", "ndak", "gk", "ga"))
NEGATION_WINDOW = 3  # tokens before a hit that may negate it ("tanpa ada potongan gaji")
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]]+(?=\s|$)|\n+|\s[-\u2013\u2014/|]\s")

# ---- 1. de-obfuscation and amounts -------------------------------------------------------------------------

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                       "!": "i", "|": "i", "€": "e"})
_WORD_WITH_TRICKS = re.compile(r"(?<![\w@$!|€])(?=[\w@$!|€]*[^\W\d_])(?=[\w@$!|€]*[\d@$!|€])[\w@$!|€]{3,}"
                               r"(?![\w@$!|€])")
# A token that is an amount, a code or a phone number, not a word written with digits.
_AMOUNT_LIKE = re.compile(r"^(?:rp|idr|hkd|hk|nt|ntd|rm|sgd|usd|us)?\d+(?:[.,]\d+)*(?:jt|juta|rb|ribu|k|m|an|x|"
                          r"th|thn|tahun|bln|bulan|hr|hari|jam|mg|minggu|st|nd|rd|h|d|pm|am)?$")
EMAIL_OR_URL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+", re.IGNORECASE)
_MULTIPLIERS = {"ribu": 1_000, "rb": 1_000, "k": 1_000, "juta": 1_000_000, "jt": 1_000_000, "jeti": 1_000_000,
                "m": 1_000_000, "million": 1_000_000, "milyar": 1_000_000_000, "miliar": 1_000_000_000,
                "thousand": 1_000}
_NUMBER_WORDS = {"nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                 "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
                 "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                 "hundred": 100}
_NUM_WORD = (r"(?:nol|satu|se|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|"
             r"belas|puluh|ratus|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
             r"forty|fifty|hundred)")
_NUMBER_WORD_RE = re.compile(rf"\b(?:(?:{_NUM_WORD}\s*)+(?:ribu|juta|milyar|miliar|thousand|million)\b\s*)+",
                             re.IGNORECASE)
_RUPIAH = re.compile(r"\b(rp|idr)\.?\s*(\d{1,3}(?:[.,]\d{3})+|\d+)(?:,-|,00|\.-|-)?", re.IGNORECASE)
_SHORT_AMOUNT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(jt|juta|jeti|rb|ribu|k|million|thousand)\b",
                           re.IGNORECASE)
_GROUPED = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+)(?:,-|,00)?(?![\w])")


def _words_to_number(phrase: str) -> int | None:
    """``"dua puluh lima juta"`` -> 25000000; ``"seratus ribu"`` -> 100000; None if not a number."""
    total, current = 0, 0
    for word in phrase.lower().split():
        if word in _NUMBER_WORDS:
            value = _NUMBER_WORDS[word]
            if value == 100 and word == "hundred":
                current = max(current, 1) * 100
            elif value in (100, 1000) and word in ("seratus", "seribu"):
                current += value
            else:
                current += value
        elif word == "belas":
            current += 10
        elif word == "puluh":
            current = (current % 10 or 1) * 10 + (current - current % 10)
        elif word == "ratus":
            current = max(current, 1) * 100
        elif word in _MULTIPLIERS:
            total += max(current, 1) * _MULTIPLIERS[word]
            current = 0
        else:
            return None
    return total + current or None


def _decimal(number: str) -> float:
    """``"2,5"`` or ``"2.5"`` -> 2.5 (a single separator before one or two digits is a decimal mark)."""
    if re.fullmatch(r"\d+[.,]\d{1,2}", number):
        return float(number.replace(",", "."))
    return float(re.sub(r"[.,]", "", number))


def normalise_amounts(text: str) -> str:
    """Amounts in words or shorthand -> plain digits (rupiah amounts keep ``rp`` in front).

    ``"Rp25.000.000,-"`` -> ``"rp 25000000"``; ``"25jt"`` -> ``"25000000"``; ``"dua puluh lima juta"`` ->
    ``"25000000"``; ``"HKD 4.500"`` -> ``"HKD 4500"``.
    """
    text = _NUMBER_WORD_RE.sub(lambda m: f" {_words_to_number(m.group(0)) or m.group(0)} ", text)
    text = _RUPIAH.sub(lambda m: f" rp {int(_decimal(m.group(2))) if len(m.group(2)) > 2 else m.group(2)} ", text)
    text = _SHORT_AMOUNT.sub(lambda m: f" {int(_decimal(m.group(1)) * _MULTIPLIERS[m.group(2).lower()])} ", text)
    return _GROUPED.sub(lambda m: m.group(1).replace(".", ""), text)


def deobfuscate(text: str) -> str:
    """Letters written as digits or symbols inside a word -> letters (``"b!aya"`` -> ``"biaya"``).

    Tokens that read as amounts, codes or phone numbers (``25jt``, ``08123``, ``KEP.001``) are left alone.
    """
    def fix(m: re.Match[str]) -> str:
        tok = m.group(0)
        if _AMOUNT_LIKE.match(tok.lower()) or sum(ch.isdigit() for ch in tok) > len(tok) / 2:
            return tok
        return tok.translate(_LEET)

    parts = EMAIL_OR_URL.split(text)  # e-mail addresses and links are names, not words: left as written
    found = EMAIL_OR_URL.findall(text)
    out = [_WORD_WITH_TRICKS.sub(fix, parts[0])]
    for kept, part in zip(found, parts[1:], strict=True):
        out += [kept, _WORD_WITH_TRICKS.sub(fix, part)]
    return "".join(out)


_DOLLARS = re.compile(r"\b(HK|NT|S|US|B)\s?\$|\$(?=\s?\d)", re.IGNORECASE)
_DOLLAR_CODES = {"hk": "HKD", "nt": "NTD", "s": "SGD", "us": "USD", "b": "BND"}


def clean_text(text: str) -> str:
    """The folded reading that flags are matched on: de-obfuscated, amounts as digits, clauses as ``xcl``."""
    text = _DOLLARS.sub(lambda m: f" {_DOLLAR_CODES[m.group(1).lower()] if m.group(1) else 'USD'} ", text or "")
    text = normalise_amounts(deobfuscate(text))
    return fold(_CLAUSE_END.sub(f" {CLAUSE} ", text))


# ---- 2. the flags --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextFlag:
    """A phrase family: ``flag`` id, the folded regexes that raise it, and what right after a hit clears it."""

    flag: str
    patterns: tuple[str, ...]
    cleared_by: str | None = None
    negation_inside: bool = True  # a negation inside the phrase clears it ("paspor tidak ditahan majikan")


_HOLDERS = (r"(?:majikan|bos|boss|juragan|agen\w*|agency|agent|perusahaan|pt|sponsor|kantor|employer|company|"
            r"pihak \w+|kami|we|pengguna|user|calo|penampungan|shelter|tekong)")
_KEEP_ID = (r"(?:di ?keep|di ?hold|di ?pegang|di ?simpan|di ?tahan|di ?amankan|di ?titip\w*|di ?kumpul\w*|"
            r"di ?serahkan|di ?bawa|di ?sita)")
_DOCS = r"(?:paspor\w*|passports?|pasport\w*|ktp|ijazah|dokumen\w*|documents?|buku pelaut|id card)"
# Not "biaya penempatan" or "biaya paspor" alone: a disclosed placement cost within the country's cap, and the
# passport as a personal cost (Perban BP2MI 2/2020 Pasal 3), are legal outside the zero-cost jobs; the
# structured fee rules check them. Asked up front, in cash or to an account, they are caught below.
_FEE_NOUNS = (r"(?:pendaftaran|administrasi|admin|proses|registrasi|formulir|medical|medikal|medis|booking|jaminan|"
              r"deposit|pengurusan|pelatihan|training|kursus|seleksi|interview|wawancara|berkas|sponsor|jasa|tiket|"
              r"visa|keberangkatan|pemberangkatan|fee)")
_PAID_BY_OTHERS = (r"^(?: \w+){0,3} (?:ditanggung|dibiayai|dibayarkan|dibayar|paid|covered|borne)"
                   r"(?: \w+){0,2} (?:oleh |by |sama )?(?:majikan|employer|perusahaan|company|pemerintah|government|"
                   r"negara|user|pengguna|pemberi kerja|kami|we|agency|agensi|pt)\b"
                   r"|^(?: \w+){0,3} (?:ditanggung|covered|borne)\b(?! (?:sendiri|pekerja|calon|cpmi|pmi|worker))"
                   r"|^(?: \w+){0,2} (?:gratis|free|nol|rp 0\b|0\b|tidak dipungut|tidak ada)")
_UPFRONT = r"(?:di ?muka|duluan|dahulu|dulu|sebelum \w+|in advance|upfront|up front|before \w+|langsung|tunai|cash)"

FLAGS: tuple[TextFlag, ...] = (
    TextFlag("passport_retention", (
        rf"{_DOCS} (?:\w+ ){{0,2}}(?:akan |harus |wajib |nanti |semua )?{_KEEP_ID}\w* (?:\w+ ){{0,2}}"
        rf"(?:oleh |sama |ke |di |pada )?{_HOLDERS}",
        rf"{_DOCS} (?:\w+ ){{0,2}}(?:akan |harus |wajib )?{_KEEP_ID}\w* (?:\w+ ){{0,3}}(?:untuk|demi|biar|supaya) "
        r"(?:keamanan|aman|jaminan|tidak kabur|ga kabur|gak kabur)",
        rf"(?:serahkan|serahin|kumpulkan|titipkan|tinggalkan) (?:\w+ ){{0,2}}{_DOCS}",
        rf"{_DOCS} (?:will be |are |is |must be |to be )?(?:held|kept|kept safe|retained|collected|kept safely|"
        r"surrendered|handed over|confiscated|stored) (?:\w+ ){0,2}(?:by|with|to|at) (?:the |our )?"
        r"(?:employer|agency|agent|company|boss|sponsor|office|us)",
        rf"{_DOCS} (?:will be |are |is )?(?:held|kept|retained)\w* (?:\w+ ){{0,3}}for safe\w*",
        rf"(?:employer|agency|company|boss|we) (?:will )?(?:keep|hold|retain|take)s? (?:\w+ ){{0,2}}{_DOCS}",
        rf"(?:hand over|surrender|submit) (?:your |the |original )*{_DOCS} (?:\w+ ){{0,3}}(?:employer|agency|"
        r"company|office|us)",
    )),
    TextFlag("movement_restricted", (
        r"(?:tidak boleh|gak boleh|ga boleh|dilarang|tidak diizinkan|not allowed to|cannot|can t) "
        r"(?:\w+ ){0,2}(?:keluar|pergi|pulang|libur keluar|leave|go out)",
        r"(?:hp|handphone|ponsel|hape|phone|mobile phone)\w* (?:\w+ ){0,2}(?:di ?sita|di ?tahan|di ?simpan|"
        r"di ?kumpul\w*|confiscated|taken away|kept by)",
        r"(?:di ?kunci|dikurung|locked in|locked up) (?:\w+ ){0,3}(?:di )?(?:rumah|kamar|asrama|house|room)",
    ), negation_inside=False),
    TextFlag("no_rest_day", (
        r"(?:tanpa|tidak ada|gak ada|ga ada|no|without|nggak ada) (?:hari )?(?:libur|off|day off|days off|cuti|"
        r"istirahat mingguan)",
        r"(?:kerja|bekerja|work\w*) (?:\w+ ){0,2}(?:7|tujuh|seven) (?:hari|days) (?:seminggu|sepekan|a week|per "
        r"week|dalam seminggu)",
        r"libur(?:nya)? (?:\w+ ){0,2}(?:tidak ada|gak ada|ga ada|none|nil)",
    ), negation_inside=False),
    TextFlag("non_work_visa", (
        r"visa (?:kunjungan|turis|wisata|ziarah|umroh|umrah|pelancong|visit|tourist|on arrival|calling|pelajar)\w*",
        r"(?:calling|kunjungan|turis|ziarah|umroh|umrah|tourist|visit) visa",
        r"(?:berangkat|masuk|enter|depart|fly|go|pergi)\w* (?:\w+ ){0,3}(?:pakai |dengan |with |on |using |as |"
        r"sebagai )(?:a )?(?:visa )?(?:kunjungan|turis|wisata|ziarah|umroh|umrah|visit|tourist|bebas visa|visa "
        r"free|pelancong|jamaah)",
        r"jalur (?:belakang|tikus|samping|gelap|non ?prosedural|cepat tanpa)",
        r"\bnon ?prosedural\b|\bunprosedural\b|\bilegal\b|\billegal route\b",
        r"job (?:ziarah|umroh|umrah)|kerja (?:sambil )?(?:ziarah|umroh|umrah)|umroh sambil kerja",
        r"(?:visa|permit) (?:\w+ ){0,3}(?:nanti|kemudian|later|then|after)\w*(?: \w+){0,4} (?:di ?urus|di ?ubah|"
        r"di ?ganti|di ?konversi|convert\w*|chang\w*|switch\w*|proses\w*)",
    )),
    TextFlag("upfront_fee", (
        rf"(?:biaya|uang|ongkos|dana) {_FEE_NOUNS}",
        r"uang (?:muka|jaminan|deposit|tebusan|ganti rugi|pangkal|rokok|pelicin|sogok)",
        r"(?:registration|processing|admin|administration|booking|application|deposit|training|medical|visa|"
        r"ticket|security|interview|document) (?:fee|cost|charge|deposit)s?",
        r"(?:refundable |security )?deposit (?:of |sebesar )?(?:rp |usd |us |hkd |\$ )?\d+",
        r"(?:transfer|tf|trf|kirim|setor|bayar|byr)\w* (?:(?!xcl\b)\w+ ){0,4}(?:ke )?"
        r"(?:rekening|rek|norek|account|acc|"
        r"dana|ovo|gopay|shopeepay|bri|bca|bni|mandiri|atm)\b",
        r"(?:dp|down payment|uang muka|panjar|tanda jadi) (?:\w+ ){0,2}(?:rp |\d|sebelum|before|dulu|duluan)",
        rf"(?:bayar|byr|pay|dibayar|dilunasi|lunasi|setor)\w* (?:\w+ ){{0,3}}{_UPFRONT}",
        rf"(?:biaya|ongkos|fee|cost) (?:\w+ ){{0,3}}(?:rp \d+|\d{{6,}}|\d+ (?:juta|ribu))(?: \w+){{0,3}} "
        rf"(?:dibayar |bayar |paid )?{_UPFRONT}",
        r"(?:biaya|fee|cost)s? (?:\w+ ){0,2}(?:wajib|harus|must|to be) (?:di ?bayar|dilunasi|paid|bayar)",
        r"(?:biaya|ongkos) (?:\w+ ){0,2}(?:ditanggung|dibayar) (?:sendiri|pekerja|calon|peserta|cpmi|pmi)",
    ), cleared_by=_PAID_BY_OTHERS),
    TextFlag("salary_deduction", (
        r"(?:potong\w*|dipotong|motong) (?:\w+ ){0,3}(?:gaji|gajih|upah|salary|bayaran)",
        r"(?:gaji|gajih|upah|salary) (?:\w+ ){0,3}(?:di ?potong|potong\w*|deduct\w*|ditahan|withheld|held back)",
        r"salary deduction\w*",
        r"deduct\w* (?:\w+ ){0,3}(?:from )?(?:your |the )?(?:salary|wages?|pay)",
        r"(?:cicil\w*|angsur\w*|bayar|dilunasi|lunasi|nyicil) (?:\w+ ){0,3}(?:dari|lewat|melalui|pakai|pake|dengan) "
        r"gaji",
        r"(?:repay|pay back|paid back)\w* (?:\w+ ){0,4}(?:from|through|via|out of) (?:your )?(?:salary|wages?)",
        r"gaji (?:\w+ ){0,4}(?:bulan pertama|bulan awal|first \w+ months?) (?:\w+ ){0,3}(?:untuk|buat|masuk|ke|"
        r"go|goes|to) (?:\w+ ){0,2}(?:agen|agency|pt|sponsor|biaya|melunasi|bayar|perusahaan)",
        r"(?:first|pertama) (?:\w+ ){0,2}months? (?:of )?(?:salary|wages?|pay) (?:\w+ ){0,2}(?:go|goes|paid|to)",
        r"(?:utang|hutang|pinjaman|kasbon|talangan|dana talang) (?:\w+ ){0,4}(?:potong|dipotong|dilunasi|lunas|"
        r"bayar|dibayar|cicil|gaji)",
    )),
    TextFlag("personal_contact", (
        r"\b(?:wa|whatsapp|whats app|watsap|wasap|telegram|tele|tg|wechat|line id|id line|signal)\b",
        r"\b(?:dm|japri|inbox|pm|chat pribadi|direct message|private message)\b",
        r"\b\w+ (?:gmail|yahoo|hotmail|outlook|ymail|proton\w*|icloud) (?:com|co id|co)\b",
        r"(?:\+ ?62|\b62|\b0)8\d(?: ?\d){6,11}\b",
    )),
    TextFlag("no_requirements", (
        r"tanpa (?:pengalaman|ijazah|syarat|skill|keahlian|tes|test|bahasa|ribet)",
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
        r"(?:crypto|kripto|investasi|investment|trading|scam|judi|casino|kasino|gambling|slot online)",
    )),
)

# Why each flag matters, and the public source it rests on (shown with every verdict that cites it).
FLAG_SOURCES: dict[str, str] = {
    "passport_retention": "ILO indicators of forced labour (2012): retention of identity documents",
    "movement_restricted": "ILO indicators of forced labour (2012): restriction of movement, isolation",
    "no_rest_day": "ILO indicators of forced labour (2012): excessive overtime; UU 18/2017 Pasal 15",
    "non_work_visa": "UU 18/2017 Pasal 13 (visa kerja); Kemnaker red flags no. 7 (Kompas 2022-08-28)",
    "upfront_fee": "UU 18/2017 Pasal 30; Perban BP2MI 9/2020; Kemnaker red flags no. 4 (Kompas 2022-08-28)",
    "salary_deduction": "ILO indicators of forced labour (2012): debt bondage; UU 21/2007 Pasal 1",
    "personal_contact": "Kemnaker red flags no. 1 and 5 (Kompas 2022-08-28); Polres Muara Enim (Liputan6 2024-12-23)",
    "no_requirements": "Kemnaker red flags no. 2 (Kompas 2022-08-28); faktakalbar.id 2025-12-06",
    "online_job_lure": "Kemlu online-scam data 2020-2024 (Tempo 2024-07-04)",
}

_COMPILED = tuple((f.flag, tuple(re.compile(rf"(?<!\w)(?:{p})") for p in f.patterns),
                   re.compile(f.cleared_by) if f.cleared_by else None, f.negation_inside) for f in FLAGS)
COORDINATORS = frozenset(("atau", "or", "maupun", "nor", "dan", "and", "serta", "ataupun", "utawa"))
_NONE_AFTER = re.compile(rf"^(?: {CLAUSE})? (?:none|nil|tidak ada|nol|0|free|gratis|n a|rp 0|idr 0)\b")
# "… uang jaminan atau DP, itu penipuan": a warning about the practice, not the practice.
_WARNING_AFTER = re.compile(rf"^(?: {CLAUSE})?(?: \w+){{0,6}} (?:itu |adalah |is |are |=)?(?:penipuan|scam|scams|"
                            r"palsu|fraud|modus|lapor\w*|report\w*)\b")


@dataclass(frozen=True)
class FlagHit:
    """A flag raised by a phrase in the text (``evidence`` is the folded phrase that matched)."""

    flag: str
    evidence: str


def _negated(folded: str, start: int) -> bool:
    """A negation within ``NEGATION_WINDOW`` tokens before ``start`` in the same clause; through a coordinator
    ("bukan visa turis atau visa kunjungan", "not a tourist or visit visa") it reaches four tokens further."""
    before = folded[:start].split()
    if CLAUSE in before:
        before = before[len(before) - before[::-1].index(CLAUSE):]
    window = NEGATION_WINDOW + 4 if COORDINATORS & set(before[-3:]) else NEGATION_WINDOW
    return any(tok in NEGATIONS for tok in before[-window:])


def _negated_inside(phrase: str) -> bool:
    return any(tok in NEGATIONS for tok in phrase.split()[1:])


def _cleared(folded: str, end: int, cleared_by: re.Pattern[str] | None) -> bool:
    rest = folded[end:]
    if _WARNING_AFTER.match(rest):
        return True
    if cleared_by is None:
        return False
    if _NONE_AFTER.match(rest):  # "placement fee: none"
        return True
    # the clause that follows the hit; after a colon ("biaya proses: gratis") the next one
    clause = rest.removeprefix(f" {CLAUSE}").split(f" {CLAUSE}", 1)[0]
    return bool(cleared_by.search(clause))


def scan_clean(folded: str) -> list[FlagHit]:
    """``scan`` over text already read by ``clean_text``."""
    hits = []
    for flag, patterns, cleared_by, negation_inside in _COMPILED:
        for pattern in patterns:
            found = next((m for m in pattern.finditer(folded)
                          if not _negated(folded, m.start()) and not _cleared(folded, m.end(), cleared_by)
                          and not (negation_inside and _negated_inside(m.group(0)))), None)
            if found:
                hits.append(FlagHit(flag, " ".join(t for t in found.group(0).split() if t != CLAUSE)))
                break
    return hits


def scan(text: str) -> list[FlagHit]:
    """Every non-negated red flag in ``text`` (one hit per flag, the first occurrence)."""
    return scan_clean(clean_text(text))


def flag_counts(text: str) -> dict[str, float]:
    """1.0 for each flag ``scan`` raises in ``text``, 0.0 for the others (keyed and ordered as ``FLAGS``)."""
    raised = {h.flag for h in scan(text)}
    return {f.flag: float(f.flag in raised) for f in FLAGS}


# ---- 3. what the text says the job and the destination are -------------------------------------------------

# Household (domestic) work, in the words ads use. TKW ("tenaga kerja wanita") is the colloquial name for a
# woman migrant worker and, in ads, nearly always domestic work; ART/PRT/PLRT are the household-worker
# abbreviations (Perban BP2MI 9/2020 "pengurus rumah tangga"; Kepmenaker 260/2015 "pengguna perseorangan").
_HOUSEHOLD = re.compile(
    r"\b(?:tkw|art|prt|plrt|(?<!perawat )(?<!tenaga )pembantu"
    r"(?! (?:dapur|koki|juru|umum|tukang|mekanik|kantor|chef|pabrik|toko|kapal))|"
    r"babu|babysitter|baby sitter|nanny|housemaid|house maid|(?<!room )(?<!hotel )(?<!chamber )maid|"
    r"domestic (?:helper|worker|work)|helper rumah|asisten rumah tangga|pekerja rumah tangga|pengurus rumah "
    r"tangga|penata laksana rumah tangga|pembantu rumah tangga|rewang|batur|jaga (?:anak|bayi|lansia|nenek|kakek|"
    r"jompo)|pengasuh (?:anak|bayi|lansia|jompo|orang tua)|sopir keluarga|supir keluarga|family driver|"
    r"majikan perorangan|keluarga arab|rumah (?:arab|majikan))\b")
# City and short names that ``features/data/countries.csv`` synonyms do not carry (and that are unambiguous).
_EXTRA_PLACES = {"riyadh": "SA", "riyad": "SA", "jeddah": "SA", "jedah": "SA", "jiddah": "SA", "mekkah": "SA",
                 "makkah": "SA", "mekah": "SA", "madinah": "SA", "dammam": "SA", "sharjah": "AE", "ajman": "AE",
                 "al ain": "AE", "ksa": "SA", "uae": "AE", "uea": "AE"}


def household_work(text: str) -> str | None:
    """The phrase that says the job is household work (``"tkw"``, ``"pembantu"``, ``"domestic helper"``) or None.

    A negated mention ("bukan PRT", "not a maid") does not count.
    """
    folded = clean_text(text)
    for m in _HOUSEHOLD.finditer(folded):
        if not _negated(folded, m.start()):
            return m.group(0)
    return None


def countries_named(text: str, names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """ISO codes of the destinations ``text`` names -> the phrase that named each.

    Args:
        text: free text.
        names: ``(country code, name or synonym)`` pairs (e.g. from ``features/data/countries.csv``); names of
            three letters or fewer are ignored ("MY", "IT" and "OM" are also ordinary words), except the
            unambiguous ones in ``_EXTRA_PLACES``.
    """
    folded = f" {clean_text(text)} "
    table = {fold(name): code for code, name in names if len(fold(name)) > 3}
    table.update(_EXTRA_PLACES)
    out: dict[str, str] = {}
    for phrase, code in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if f" {phrase} " in folded:  # longest first; a matched name is taken out ("uni emirat arab" is not "arab")
            out.setdefault(code, phrase)
            folded = folded.replace(f" {phrase} ", " _ ")
    return out
