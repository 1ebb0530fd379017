"""Who holds and who pays: the passport holder, who pays the ticket home, and the termination notice."""

from __future__ import annotations

import re
from typing import Any

from features.contracts.clause import Clause
from features.contracts.layout import Sentence
from features.contracts.numbers import find_money
from features.contracts.terms import AGENCY, EMPLOYER, NEGATION, WORKER, actor_of, number_before

_PASSPORT = re.compile(r"\b(?:paspor\w*|passports?|dokumen\s+perjalanan|travel\s+documents?|identity\s+documents?|"
                       r"dokumen\s+identitas|여권)\b", re.IGNORECASE)
_PARTY = rf"(?:{AGENCY}|{EMPLOYER}|{WORKER})"
# the passport ends up with the party after these words ("disimpan oleh Majikan", "surrender ... to the Employer")
_TO_PARTY = re.compile(
    rf"(?:disimpan|dipegang|ditahan|dikuasai|dititipkan|diserahkan|diamankan|menyerahkan|menitipkan|kept|held|"
    rf"retained|surrender(?:s|ed)?|hand(?:s|ed)?\s+over|deposit(?:s|ed)?|given|safekeeping|custody|possession|"
    rf"keeping)\b(?:\s+[\w'’]+){{0,6}}?\s+"
    rf"(?:oleh|kepada|pada|ke|by|to|with|of)\s+(?:the\s+|sang\s+|pihak\s+)?(?P<actor>{_PARTY})\b", re.IGNORECASE)
# the party before these words holds it ("Majikan menyimpan paspor", "the Employer shall keep the passport")
_PARTY_HOLDS = re.compile(
    rf"\b(?P<actor>{_PARTY})\b(?:\s+[\w'’]+){{0,4}}?\s+(?:menyimpan|memegang|menahan|mengamankan|keeps?|holds?|"
    rf"retains?|takes?\s+(?:custody|possession)|safe-?keeps?)\b", re.IGNORECASE)
_SURRENDER = re.compile(r"\b(?:menyerahkan|surrenders?|hands?\s+over|deposits?|menitipkan)\b", re.IGNORECASE)
_OWN = re.compile(rf"(?:paspor\w*\s+(?:[\w'’]+\s+){{0,3}}sendiri|(?:her|his|their)\s+own\s+passport|own\s+passport|"
                  rf"(?:{WORKER})\s+(?:[\w'’]+\s+){{0,3}}(?:menyimpan|memegang|keep|hold|retain)s?\s+(?:[\w'’]+\s+)"
                  rf"{{0,2}}(?:paspor|passport)|in\s+(?:her|his|their)\s+(?:own\s+)?(?:possession|custody))",
                  re.IGNORECASE)


def passport(s: Sentence) -> list[Clause]:
    """Who keeps the worker's passport: ``worker``, ``employer`` or ``agency`` (None when the sentence does not say).

    A holding verb after a negation ("shall not keep", "tidak boleh menahan", "dilarang") means the worker keeps it.
    """
    text = s.text
    if not _PASSPORT.search(text):
        return []
    holder = _holder(text)
    if holder is None:
        return []
    return [Clause("passport", {"holder": holder}, s)]


def _holder(text: str) -> str | None:
    low = text.lower()
    for rx in (_TO_PARTY, _PARTY_HOLDS):
        for m in rx.finditer(low):
            actor = actor_of(m.group("actor"))
            if actor is None:
                continue
            window = low[max(0, m.start() - 40):m.end()]
            negated = bool(NEGATION.search(window))
            if rx is _PARTY_HOLDS and actor == "worker" and _SURRENDER.search(low[m.end() - 20:m.end() + 5]):
                continue
            if negated and actor in ("employer", "agency"):
                return "worker"
            if not negated:
                return actor
    if _OWN.search(low):
        return "worker"
    return None


_HOME = re.compile(r"\b(?:tiket\s+(?:pulang|kembali|pesawat)|return\s+(?:air\s+)?(?:ticket|passage|airfare|flight)|"
                   r"air\s+passage|airfare|repatriat\w*|pemulangan|kepulangan|biaya\s+pulang|ticket\s+home|"
                   r"passage\s+(?:home|back)|journey\s+home|return\s+to\s+(?:indonesia|(?:her|his)\s+(?:home|place)))\b",
                   re.IGNORECASE)
_PAID_BY = re.compile(
    rf"(?:ditanggung|dibayar|dibiayai|menjadi\s+(?:tanggungan|beban)|paid|borne|payable|provided|met)\s+"
    rf"(?:sepenuhnya\s+|fully\s+|in\s+full\s+)?(?:oleh\s+|by\s+)(?:the\s+|sang\s+|pihak\s+)?(?P<actor>{_PARTY})\b|"
    rf"at\s+(?:the\s+)?(?P<actor2>{_PARTY}|her|his)['’]?s?\s+(?:own\s+)?(?:expense|cost|account)|"
    rf"\b(?P<actor3>{_PARTY})\b(?:\s+[\w'’]+){{0,3}}?\s+(?:menanggung|membayar|membiayai|menyediakan|pays?|bears?|"
    rf"provides?)\b", re.IGNORECASE)
_FREE_HOME = re.compile(r"\b(?:free\s+return|free\s+passage|tiket\s+\w+\s+gratis|gratis)\b", re.IGNORECASE)


def repatriation(s: Sentence, currency: str | None, dollar: str | None) -> list[Clause]:
    """Who pays the ticket home at the end (or early end) of the contract: ``employer`` or ``worker``."""
    text = s.text
    if not _HOME.search(text):
        return []
    low = text.lower()
    payer = None
    for m in _PAID_BY.finditer(low):
        raw = m.group("actor") or m.group("actor2") or m.group("actor3")
        actor = "worker" if raw in ("her", "his") else actor_of(raw)
        if actor is None:
            continue
        negated = bool(NEGATION.search(low[max(0, m.start() - 25):m.start() + 12]))
        payer = ("worker" if actor in ("employer", "agency") else "employer") if negated else actor
        break
    if payer is None and _FREE_HOME.search(low):
        payer = "employer"
    if payer is None:
        return []
    value: dict[str, Any] = {"paid_by": payer}
    money = find_money(text, currency, dollar) if payer == "worker" else []
    if money:
        value["amount"] = money[0].amount
        value["currency"] = money[0].currency
    return [Clause("repatriation", value, s)]


_END = re.compile(r"\b(?:pemutusan\s+hubungan\s+kerja|phk|mengakhiri|berakhir\w*|diakhiri|terminat\w*|"
                  r"end\s+(?:this|the)\s+(?:contract|agreement|employment)|notice)\b", re.IGNORECASE)


def termination(s: Sentence) -> list[Clause]:
    """How either side may end the contract early: the notice period in days, when the sentence gives one."""
    text = s.text
    if not _END.search(text):
        return []
    months = number_before(text, r"(?:bulan|months?)['’]?\s*(?:pemberitahuan|notice|sebelumnya|in\s+advance|"
                                 r"written\s+notice)")
    days = number_before(text, r"(?:hari|days?)['’]?\s*(?:pemberitahuan|notice|sebelumnya|in\s+advance|"
                               r"written\s+notice)")
    notice = months * 30 if months is not None else days
    if notice is None and not re.search(r"pemberitahuan|notice|in lieu|ganti rugi|compensation|penalt",
                                        text, re.IGNORECASE):
        return []
    value: dict[str, Any] = {"notice_days": notice}
    if re.search(r"\b(?:penalt\w*|denda|ganti\s+rugi|compensat\w*)\b", text, re.IGNORECASE) and re.search(
            rf"(?:{WORKER})\s+(?:[\w'’]+\s+){{0,4}}(?:membayar|pay|wajib|must|shall)", text, re.IGNORECASE):
        value["worker_pays_penalty"] = True
    return [Clause("termination", value, s)]
