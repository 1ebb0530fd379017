"""The P3MI licence registry of the demo: invented agency names, licence numbers, validity and status
(Permen P2MI 1/2025: a SIP3MI licence is valid one year), the countries each serves, the G-to-G row, and the
example agency of the listing CSV template (features/listings.py), so that the template's own example row passes
on the demo it ships with. No demo listing is posted by the example agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from features.listings import TEMPLATE_AGENCY_NAME, TEMPLATE_LICENCE, TEMPLATE_OPEN_DAYS
from matching.demo.sampling import Rng, Table, quotas
from matching.demo.spec import AGENCY_COLUMNS
from matching.storage.agencies import G2G_AGENCY, G2G_LICENCE

# agency name words (all invented)
AGENCY_W1 = ["Duta", "Bina", "Citra", "Mitra", "Cahaya", "Putra", "Bumi", "Sinar", "Anugerah", "Berkah", "Harapan",
             "Prima", "Tunas", "Insan", "Graha", "Arta", "Surya", "Bintang", "Karunia", "Pelita", "Lintas", "Wahana",
             "Gapura", "Samudra", "Mega", "Dharma", "Nusa", "Rajawali", "Cipta", "Sarana"]
AGENCY_W2 = ["Karya", "Tenaga", "Insani", "Sejahtera", "Abadi", "Utama", "Nusantara", "Persada", "Lestari",
             "Makmur", "Sentosa", "Mandiri", "Perkasa", "Gemilang", "Mulia", "Amanah", "Sukses", "Bersama", "Mukti",
             "Jasa", "Kencana", "Selaras"]
_AGENCY_W3 = ["", "", "", "Indonesia", "Internasional", "Jaya", "Sejati", "Raya", "Global", "Utama"]
_AREA_CODES = ["021", "031", "024", "022", "0341", "0370", "0721", "061", "0274", "0361", "0231", "0353"]


@dataclass
class Agency:
    """A registry entry as the generator knows it (``kind`` and ``countries`` are never exported)."""

    name: str
    licence: str
    valid_from: date
    valid_until: date
    status: str
    kind: str                # ok | expired | suspended | revoked | g2g | example
    countries: tuple[str, ...]
    domain: str
    phone: str


_AGENCY_KINDS = {"ok": 0.85, "expired": 0.07, "suspended": 0.05, "revoked": 0.03}
_KP2MI_SINCE = date(2024, 10, 21)
G2G_CONTACT = "siapkerja.kemnaker.go.id (pendaftaran G to G)"  # Perpres 139/2024: KP2MI takes over from BP2MI


def make_agencies(rng: Rng, n: int, as_of: date, country_table: Table) -> list[Agency]:
    """``n`` private P3MI (mostly active; at least one expired, one suspended and one revoked when ``n`` allows)
    serving 1-3 countries drawn from ``country_table``, then the G-to-G channel row."""
    quota = quotas(_AGENCY_KINDS, n)
    for k in ("expired", "suspended", "revoked"):
        if quota[k] == 0 and quota["ok"] > 1:
            quota[k], quota["ok"] = 1, quota["ok"] - 1
    kinds = [k for k in _AGENCY_KINDS for _ in range(quota[k])]
    kinds = rng.sample(kinds, len(kinds))
    numbers = rng.sample(range(101, 101 + max(900, 4 * n)), n)
    names: set[str] = set()
    out: list[Agency] = []
    for i, kind in enumerate(kinds):
        while True:
            words = [rng.pick(AGENCY_W1), rng.pick(AGENCY_W2), rng.pick(_AGENCY_W3)]
            if words[0] == words[1] or words[1] == words[2]:
                continue
            name = "PT " + " ".join(w for w in words if w)
            if name not in names:
                names.add(name)
                break
        if kind == "expired":
            until = as_of - timedelta(days=rng.randint(1, 240))
            start = until - timedelta(days=364)
        else:
            start = as_of - timedelta(days=rng.randint(0, 360))
            until = start + timedelta(days=364)
        n_countries = 1 + (rng.u() < 0.45) + (rng.u() < 0.2)
        countries: list[str] = []
        while len(countries) < n_countries:
            c = country_table.draw(rng)
            if c not in countries:
                countries.append(c)
        status = {"suspended": "suspended", "revoked": "revoked"}.get(kind, "active")
        domain = "".join(w.lower() for w in words if w)[:24] + rng.pick([".co.id", ".co.id", ".com", ".id"])
        phone = f"({rng.pick(_AREA_CODES)}) {rng.randint(300, 899)}-{rng.randint(1000, 9999)}"
        body = "KP2MI" if start >= _KP2MI_SINCE else "BP2MI"
        out.append(Agency(name, f"KEP.{numbers[i]}/{body}/{start.year}", start, until, status, kind,
                          tuple(countries), domain, phone))
    out.append(Agency(G2G_AGENCY, G2G_LICENCE, as_of - timedelta(days=730), date(as_of.year + 10, 12, 31),
                      "active", "g2g", ("KR", "DE", "JP"), "kp2mi.go.id", G2G_CONTACT))
    # the CSV template's example agency: a one-year SIP3MI like every other (valid_until = valid_from + 364 days),
    # issued 30 days ago, so it is valid from the template row's posting date (today) until it closes
    # (TEMPLATE_OPEN_DAYS later)
    start = as_of - timedelta(days=30)
    until = start + timedelta(days=364)
    assert until >= as_of + timedelta(days=TEMPLATE_OPEN_DAYS)
    out.append(Agency(TEMPLATE_AGENCY_NAME, TEMPLATE_LICENCE, start, until,
                      "active", "example", ("HK",), "contoh-penempatan.co.id", "(021) 555-0100"))
    return out


def agency_frame(agencies: list[Agency]) -> pd.DataFrame:
    """The registry as published: ``AGENCY_COLUMNS``, dates in ISO form."""
    return pd.DataFrame(
        [{"agency_name": a.name, "licence_no": a.licence, "valid_from": a.valid_from.isoformat(),
          "valid_until": a.valid_until.isoformat(), "status": a.status} for a in agencies],
        columns=list(AGENCY_COLUMNS),
    )

