"""The rules a contract is checked against, each with its reason in Indonesian and English and its source.

Three families:

- **mismatch**: the contract is worse for the worker than the verified job order it came from. The job order
  is what the Indonesian mission verified (UU 18/2017 Pasal 9-10); a contract that changes it is contract
  substitution, which the ILO counts as deception, a forced-labour indicator, and UU 18/2017 Pasal 82 punishes
  when a worker is placed in a job that does not match her contract.
- **missing**: an element UU 18/2017 Pasal 15 says every Perjanjian Kerja must contain is not in it.
- **unlawful**: the contract breaks a rule Layak already applies to listings (wage floor, placement fees,
  rest days, passport) or a destination's standard-contract rule.
"""

from __future__ import annotations

from dataclasses import dataclass

MISMATCH, MISSING, UNLAWFUL, OK = "mismatch", "missing", "unlawful", "ok"
KINDS = (UNLAWFUL, MISMATCH, MISSING, OK)  # worst first

SUBSTITUTION = ("UU 18/2017 Pasal 9-10 (job order diverifikasi Perwakilan RI) dan Pasal 82 (penempatan yang tidak "
                "sesuai perjanjian kerja); ILO forced-labour indicator: deception (2012)")
PASAL_15 = "UU 18/2017 Pasal 14-15 (isi minimal Perjanjian Kerja)"


@dataclass(frozen=True)
class ContractRule:
    """A contract rule: ``id``, the finding ``kind`` it gives, the reason in both languages, its ``source``."""

    id: str
    kind: str
    text_id: str
    text_en: str
    source: str


_RULES = (
    # ---- the contract against the job order
    ContractRule("PAY_LOWER", MISMATCH, "Gaji di kontrak lebih rendah dari gaji di job order.",
                 "The contract pays less than the job order.", SUBSTITUTION),
    ContractRule("EMPLOYER_DIFFERENT", MISMATCH, "Majikan di kontrak bukan majikan di job order.",
                 "The employer in the contract is not the employer in the job order.", SUBSTITUTION),
    ContractRule("JOB_DIFFERENT", MISMATCH, "Jabatan di kontrak berbeda dari jabatan di job order.",
                 "The job in the contract is not the job in the job order.", SUBSTITUTION),
    ContractRule("WORKSITE_DIFFERENT", MISMATCH, "Tempat kerja di kontrak berbeda dari job order.",
                 "The place of work in the contract differs from the job order.", SUBSTITUTION),
    ContractRule("HOURS_LONGER", MISMATCH, "Jam kerja di kontrak lebih panjang dari job order.",
                 "The contract's working hours are longer than the job order's.", SUBSTITUTION),
    ContractRule("REST_FEWER", MISMATCH, "Hari libur di kontrak lebih sedikit dari job order.",
                 "The contract gives fewer rest days than the job order.", SUBSTITUTION),
    ContractRule("LENGTH_DIFFERENT", MISMATCH, "Lama kontrak berbeda dari job order.",
                 "The contract's length differs from the job order.", SUBSTITUTION),
    ContractRule("NEW_DEDUCTION", MISMATCH,
                 "Kontrak memotong gaji atau membebankan biaya yang tidak ada di job order.",
                 "The contract deducts from pay or charges a cost the job order does not mention.", SUBSTITUTION),
    ContractRule("ACCOMMODATION_WITHDRAWN", MISMATCH,
                 "Job order menyediakan tempat tinggal, tetapi kontrak tidak atau memungut biaya.",
                 "The job order provides accommodation; the contract does not, or charges for it.", SUBSTITUTION),
    ContractRule("WORKER_PAYS_TICKET_HOME", MISMATCH, "Pekerja harus membayar sendiri tiket pulang.",
                 "The worker must pay her own ticket home.", SUBSTITUTION),
    ContractRule("PASSPORT_DIFFERENT", MISMATCH, "Kontrak mengubah siapa yang memegang paspor.",
                 "The contract changes who keeps the passport.", SUBSTITUTION),
    # ---- the law and the rules Layak applies to listings
    ContractRule("PAY_BELOW_FLOOR", UNLAWFUL, "Gaji di kontrak di bawah upah minimum resmi negara tujuan.",
                 "The contract's pay is below the destination's legal minimum.", "corridor wage floor (see detail)"),
    ContractRule("PASSPORT_RETAINED", UNLAWFUL,
                 "Kontrak menyebut paspor dipegang majikan atau agensi. Paspor harus dipegang pekerja sendiri.",
                 "The contract says the employer or agency keeps the passport. Workers must keep their own passport.",
                 "ILO forced-labour indicator: retention of identity documents (2012); MoU RI-Malaysia 2022 "
                 "(penahanan paspor dilarang)"),
    ContractRule("FEE_ZERO_COST", UNLAWFUL,
                 "Pekerja dibebani biaya penempatan, padahal jabatan ini bebas biaya penempatan.",
                 "The worker is charged a placement cost in an occupation that must be free of placement costs.",
                 "UU 18/2017 Pasal 30 ayat (1); Perban BP2MI 9/2020"),
    ContractRule("FEE_ABOVE_CAP", UNLAWFUL,
                 "Biaya yang dibebankan ke pekerja melebihi batas biaya penempatan negara tujuan.",
                 "The costs charged to the worker are above the destination's allowed placement cost.",
                 "Perban BP2MI 2/2020 Pasal 3; KEPKA struktur biaya per negara"),
    ContractRule("DEBT_BONDAGE", UNLAWFUL,
                 "Biaya atau pinjaman dilunasi dengan potongan gaji: tanda jerat utang.",
                 "A fee or loan is repaid through wage deductions: a sign of debt bondage.",
                 "ILO forced-labour indicator: debt bondage (2012); UU 21/2007 Pasal 1 (penjeratan utang)"),
    ContractRule("WAGES_WITHHELD", UNLAWFUL,
                 "Sebagian gaji ditahan sebagai tabungan wajib atau jaminan.",
                 "Part of the wage is held back as compulsory savings or a deposit.",
                 "ILO forced-labour indicator: withholding of wages (2012)"),
    ContractRule("HK_BOARD_NOT_FREE", UNLAWFUL,
                 "Di Hong Kong, tempat tinggal dan makan (atau uang makan) wajib gratis dari majikan.",
                 "In Hong Kong the employer must give free accommodation and food (or a food allowance).",
                 "Hong Kong Standard Employment Contract ID 407 (vivamaid.com.hk; homeasy.com.hk; goodlifehk; "
                 "thehelper.com.hk)"),
    ContractRule("TICKET_HOME_EMPLOYER_PAYS", UNLAWFUL,
                 "Tiket pulang tidak boleh dibebankan ke pekerja untuk jabatan ini.",
                 "The ticket home may not be charged to the worker in this job.",
                 "Perban BP2MI 9/2020 (tiket keberangkatan dan kepulangan bukan biaya pekerja); Hong Kong Standard "
                 "Employment Contract ID 407 (tiket pulang dibayar majikan)"),
    ContractRule("NO_REST_DAY", UNLAWFUL, "Kontrak tidak memberi hari libur sama sekali.",
                 "The contract gives no rest day at all.",
                 "ILO forced-labour indicator: excessive overtime (2012); UU 18/2017 Pasal 15 (istirahat dan cuti)"),
    ContractRule("REST_BELOW_MINIMUM", UNLAWFUL,
                 "Hari libur kurang dari satu hari per minggu yang diwajibkan negara tujuan.",
                 "Fewer rest days than the one day a week the destination requires.",
                 "HK Employment Ordinance (1 rest day per 7 days); MoU RI-Malaysia 2022; Brunei terms 2015"),
    # ---- what UU 18/2017 Pasal 15 requires in every contract
    ContractRule("MISSING_EMPLOYER", MISSING, "Kontrak tidak menyebut nama majikan.",
                 "The contract does not name the employer.", PASAL_15),
    ContractRule("MISSING_JOB", MISSING, "Kontrak tidak menyebut jabatan atau jenis pekerjaan.",
                 "The contract does not state the job.", PASAL_15),
    ContractRule("MISSING_WAGE", MISSING, "Kontrak tidak menyebut besar gaji.",
                 "The contract does not state the wage.", PASAL_15),
    ContractRule("MISSING_HOURS", MISSING, "Kontrak tidak menyebut jam kerja.",
                 "The contract does not state the working hours.", PASAL_15),
    ContractRule("MISSING_REST", MISSING, "Kontrak tidak menyebut hari libur.",
                 "The contract does not state the rest days.", PASAL_15),
    ContractRule("MISSING_LEAVE", MISSING, "Kontrak tidak menyebut cuti.",
                 "The contract does not state the leave.", PASAL_15),
    ContractRule("MISSING_LENGTH", MISSING, "Kontrak tidak menyebut jangka waktu kontrak.",
                 "The contract does not state its length.", PASAL_15),
    # ---- clauses that match
    ContractRule("MATCHES", OK, "Sesuai dengan job order dan aturan.", "Matches the job order and the rules.",
                 SUBSTITUTION),
)
RULES: dict[str, ContractRule] = {r.id: r for r in _RULES}
