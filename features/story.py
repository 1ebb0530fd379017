"""A worker's own story -> a structured profile draft, each reading shown for her to confirm or correct.

"Saya lulusan SMA, 3 thn jaga lansia, bisa sedikit Mandarin, mau ke Taiwan" reads as: education senior high
school; 3 years' experience as an elderly caretaker; Mandarin at a basic level; wants to work in Taiwan.

The story is cut into clauses (commas, full stops, "dan"/"and" between clauses) and each clause is read for
education, languages (a name with a level word, or a level that implies the language: "N4" is Japanese),
a wish ("mau ke", "ingin kerja di", "want to work in") naming destination countries, experience (a duration
with an occupation, or with a skill that implies one), skills and certificates. Experience with one's own
family ("merawat orang tua saya", "caring for my elderly parents") is kept and marked **informal**.
Nothing is dropped: a clause that gave no reading is returned in ``unknown``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from features.label_index import Embed
from features.levels import parse_education, parse_language_name, parse_level
from features.occupations import code_occupation
from features.quantities import durations
from features.reference import Reference, load_reference
from features.skill_reader import read_skills
from features.text import find, fold

_CLAUSE = re.compile(r"[.;\n!?]+|,\s*|\s+(?:dan|and|lalu|kemudian|then|serta)\s+(?=\S*\s*\d|\w+\s+\d)", re.IGNORECASE)
_WISH = re.compile(r"\b(mau|ingin|pengen|pingin|kepingin|berminat|minat|rencana|berencana|cita cita|tujuan|"
                   r"want|wants|would like|hope|hoping|plan|planning|interested|looking for)\b")
# Caring for or working with one's own family: the experience counts but is shown as informal.
_INFORMAL = re.compile(
    r"\b((orang ?tua|ibu|bapak|ayah|nenek|kakek|mertua|keluarga|adik|kakak|anak|suami|mbah|eyang) "
    r"(saya|sendiri|ku|aku)|(ortu|ibuku|bapakku|ayahku|nenekku|kakekku|anakku)|di rumah sendiri|tanpa (gaji|dibayar)|"
    r"tidak dibayar|sukarela|relawan|my (own |elderly |late |sick |old )?(parents?|mother|father|mum|mom|dad|"
    r"grand(mother|father|ma|pa|parents?)|family|children|kids|siblings?|in laws|husband|wife|relatives?)|"
    r"unpaid|volunteer(ed|ing)?|at home)\b")
_PAST_JOB = re.compile(r"\b(pernah|jadi|menjadi|sebagai|bekerja|kerja|pengalaman|mantan|eks|worked|work|"
                       r"working|was an?|as an?|experience|former|ex)\b")
# Scales that name the language by themselves: "N4" is Japanese, "EPS-TOPIK" Korean.
_SCALE_LANG = {"jlpt": "ja", "jft_basic": "ja", "eps_topik": "ko", "topik": "ko"}
_SCALE_WORDS = re.compile(r"\b(jlpt|jft|topik|eps|cefr|n[1-5]|[abc][12])\b")
_LANGUAGE_WORDS = re.compile(r"\b(bahasa|language|speak|speaks|speaking|ngomong|berbicara|bicara|bisa|paham|"
                             r"mengerti|lancar|fasih|fluent|understand)\b")


@dataclass
class Reading:
    """One thing read from the story. ``field`` names the profile field it fills; ``value`` is canonical."""

    field: str
    value: Any
    label_en: str
    label_id: str
    text: str
    confidence: float = 1.0
    informal: bool = False


@dataclass
class Story:
    """The readings of a story, the profile draft they make, and the clauses nothing was read from."""

    text: str
    readings: list[Reading] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def profile(self) -> dict[str, Any]:
        """A WorkerProfile-shaped dict built from the readings (the story itself becomes the summary)."""
        out: dict[str, Any] = {"skills": [], "certificates": [], "languages": [], "experience": [],
                               "preferences": {"countries": []}, "summary": self.text[:5000]}
        for r in self.readings:
            if r.field == "education_level":
                out["education_level"] = r.label_en
            elif r.field == "skill":
                if r.label_en not in out["skills"]:
                    out["skills"].append(r.label_en)
            elif r.field == "certificate":
                out["certificates"].append(r.label_en)
            elif r.field == "language":
                out["languages"].append({"language": r.value["lang"], "level": r.value["level"]})
            elif r.field == "experience":
                out["experience"].append({k: r.value[k] for k in ("occupation", "years", "country", "informal")
                                          if r.value.get(k) is not None})
            elif r.field == "preferred_country" and r.value not in out["preferences"]["countries"]:
                out["preferences"]["countries"].append(r.value)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "readings": [asdict(r) for r in self.readings], "unknown": self.unknown,
                "profile": self.profile()}


def clauses(text: str) -> list[str]:
    """The story cut into clauses (empty pieces dropped)."""
    return [c.strip() for c in _CLAUSE.split(text or "") if c and fold(c)]


def is_informal(text: str) -> bool:
    """True when the clause describes work for one's own family or unpaid work."""
    return bool(_INFORMAL.search(fold(text)))


def occupation_from_skills(skill_ids: list[str], ref: Reference) -> str | None:
    """The first Layak occupation whose core skills include one of ``skill_ids`` (elderly_care -> caretaker)."""
    for sid in skill_ids:
        for occ_id, row in zip(ref.occupations.index, ref.occupations.itertuples(index=False), strict=True):
            if sid in row.core_skills[:1]:  # the first core skill is what the job is about
                return str(occ_id)
    return None


def read_story(text: str, ref: Reference | None = None, embed: Embed | None = None) -> Story:
    """Read a worker's story (Indonesian or English) into readings and a profile draft.

    Args:
        text: free text, up to a few paragraphs.
        ref: reference data (the shipped tables by default).
        embed: optional multilingual encoder passed to the skill and occupation readers.
    """
    ref = ref or load_reference()
    story = Story(text=text)
    seen: set[tuple[str, str]] = set()

    def add(reading: Reading) -> None:
        key = (reading.field, repr(reading.value))
        if key not in seen:
            seen.add(key)
            story.readings.append(reading)

    for clause in clauses(text):
        before = len(story.readings)
        folded = fold(clause)
        wish = bool(_WISH.search(folded))
        edu = parse_education(clause, ref)
        if edu and not wish:
            row = ref.education_levels.loc[edu[0]]
            add(Reading("education_level", edu[0], str(row["label_en"]), str(row["label_id"]), clause))
        _read_language(clause, ref, add)
        countries = [m.id for m in find(clause, ("country",), ref)]
        if wish:
            for code in countries:
                row = ref.countries.loc[code]
                add(Reading("preferred_country", code, str(row["name_en"]), str(row["name_id"]), clause))
        skills = [r for r in read_skills(clause, embed=embed) if not r.skill_id.startswith("esco:")]
        for s in skills:
            row = ref.skills.loc[s.skill_id]
            add(Reading("skill", s.skill_id, str(row["label_en"]), str(row["label_id"]), clause, round(s.score, 3)))
        for m in find(clause, ("certificate",), ref):
            row = ref.certificates.loc[m.id]
            add(Reading("certificate", m.id, str(row["label_en"]), str(row["label_id"]), clause))
        spans = durations(clause)
        if spans and not wish:
            _read_experience(clause, spans[0].years, countries, [s.skill_id for s in skills], ref, embed, add)
        elif not wish:
            _read_past_job(clause, ref, add)
        if len(story.readings) == before:
            story.unknown.append(clause)
    return story


def _read_language(clause: str, ref: Reference, add: Any) -> None:
    """A language needs a level or a word saying it is a language: "Jepang" alone is the country."""
    folded = fold(clause)
    # Durations and "lulus SMK" must not read as "TOPIK 3" or "EPS-TOPIK lulus": a level counts only when
    # the clause names its scale or is a JLPT "N1".."N5".
    level = parse_level(re.sub(r"\d+(?:[.,]\d+)? ?(tahun|thn|th|bulan|bln|years?|yrs?|months?)\b|\blulus(an)?\b", " ",
                               folded), ref)
    if level is not None and level[1] != "generic" and not (_SCALE_WORDS.search(folded)):
        level = None
    code = parse_language_name(clause, ref)
    if code is None and level is not None:
        code = _SCALE_LANG.get(level[1])
    if code is None or code not in ref.languages.index:
        return
    if level is None and not _LANGUAGE_WORDS.search(folded):
        return
    rank, scale, lvl = level if level else (1, "generic", "basic")
    row = ref.languages.loc[code]
    add(Reading("language", {"lang": str(row["label_en"]), "code": code, "rank": rank,
                             "level": lvl if scale == "generic" else f"{scale.upper().replace('_', '-')} {lvl}"},
                str(row["label_en"]), str(row["label_id"]), clause, 1.0 if level else 0.6))


def _read_experience(clause: str, years: float, countries: list[str], skill_ids: list[str], ref: Reference,
                     embed: Embed | None, add: Any) -> None:
    """A duration with what was done: an occupation named outright, coded, or implied by a skill."""
    occ_hits = [m.id for m in find(clause, ("occupation",), ref)]
    occ_id = occ_hits[0] if occ_hits else None
    confidence = 1.0
    if occ_id is None:
        coding = code_occupation(clause, embed=embed)
        if coding.best and coding.best.occupation_id:
            occ_id, confidence = coding.best.occupation_id, coding.confidence
    if occ_id is None:
        occ_id = occupation_from_skills(skill_ids, ref)
        confidence = 0.7
    if occ_id is None:
        return
    row = ref.occupations.loc[occ_id]
    informal = is_informal(clause)
    add(Reading("experience", {"occupation": str(row["label_en"]), "occupation_id": occ_id, "years": years,
                               "country": countries[0] if countries and not informal else None,
                               "informal": informal},
                str(row["label_en"]), str(row["label_id"]), clause, round(confidence, 3), informal))


def _read_past_job(clause: str, ref: Reference, add: Any) -> None:
    """A job named without a duration ("pernah jadi pengasuh bayi di Singapura"): an occupation, no years.

    Only a clause that says it was a job ("pernah", "sebagai", "worked as") counts: "bisa masak" is a skill.
    """
    if not _PAST_JOB.search(fold(clause)):
        return
    hits = [m.id for m in find(clause, ("occupation",), ref)]
    if not hits:
        best = code_occupation(clause).best
        hits = [best.occupation_id] if best is not None and best.occupation_id else []
    for occ_id in hits[:1]:
        row = ref.occupations.loc[occ_id]
        add(Reading("occupation", occ_id, str(row["label_en"]), str(row["label_id"]), clause,
                    informal=is_informal(clause)))
