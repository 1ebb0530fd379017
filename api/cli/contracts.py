"""``layak contract-check``: a worker's contract against a stored listing's verified job order (issue 17)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import JsonOpt, app, emit, fail, guard, services, setup_logging

KIND_LABEL = {"unlawful": "UNLAWFUL", "mismatch": "MISMATCH", "missing": "MISSING", "ok": "ok"}


def _print_check(data: dict[str, Any]) -> None:
    listing = data["listing"]
    typer.echo(f"listing {listing['listing_ref']} (id {listing['id']}): {listing['title']}, "
               f"{listing['employer_name'] or '-'}, {listing['country']}")
    s = data["summary"]
    typer.echo(f"{s['unlawful']} unlawful, {s['mismatch']} mismatch, {s['missing']} missing, {s['ok']} ok")
    m = data["money_at_stake"]
    if m["idr"]:
        typer.echo(f"money at stake over {m['months']:g} months: {m['currency']} {m['amount']:,.2f} "
                   f"(Rp{m['idr']:,.0f})")
    for f in data["findings"]:
        typer.echo(f"[{KIND_LABEL[f['kind']]}] {f['topic']}: {f['message_en']}")
        if f["kind"] == "ok":
            continue
        if f["contract_sentence"]:
            typer.echo(f"    contract: \"{f['contract_sentence']}\"")
        if f["advert_field"]:
            typer.echo(f"    job order: {f['advert_field']} = {f['advert_value']}")
        typer.echo(f"    rule: {f['rule']['text_en']} ({f['rule']['source']})")
        for note in f["notes_en"]:
            typer.echo(f"    note: {note}")
        stake = f["money_at_stake"]
        if stake["amount"]:
            typer.echo(f"    at stake: {stake['currency']} {stake['amount']:,.2f} (Rp{stake['idr'] or 0:,.0f})")
    typer.echo(f"what to do: {data['help']['advice']['en']}")
    for c in data["help"]["contacts"]:
        typer.echo(f"call: {c['organisation_en']}: {c['contact']} ({c['source']})")
    typer.echo("nothing was stored")


@app.command("contract-check")
def contract_check(
        listing_ref: Annotated[str, typer.Argument(help="the listing's reference (listing_ref)")],
        file: Annotated[Path, typer.Argument(help="the contract: a PDF with a text layer or a text file; - reads "
                                                  "text from stdin")],
        listing_id: Annotated[int | None, typer.Option(help="the listing id, when several agencies use the "
                                                           "same listing_ref")] = None,
        as_json: JsonOpt = False) -> None:
    """Check a worker's contract clause by clause against the listing's verified job order and the rules
    (wage floor, fees, rest days, passport). Nothing is stored. Exit 1 if a finding is unlawful or a mismatch."""
    setup_logging()
    svc = services()

    def run() -> dict[str, Any]:
        # imported here: the contract reader pulls in pandas and the reference data (0.8 s), which `layak --help`
        # and every other command must not pay for (issue 16's light-command start-up)
        from matching.contracts import check_listing_contract
        from matching.storage.access import Principal

        if str(file) == "-":
            return check_listing_contract(svc.store, Principal("admin"), listing_ref=listing_ref,
                                          listing_id=listing_id, text=sys.stdin.read())
        if not file.is_file():
            fail(f"{file}: no such file (expected a PDF with a text layer or a text file)")
        return check_listing_contract(svc.store, Principal("admin"), listing_ref=listing_ref, listing_id=listing_id,
                                      data=file.read_bytes(), filename=file.name)

    data = guard(run)
    emit(data, as_json, _print_check)
    if data["summary"]["unlawful"] or data["summary"]["mismatch"]:
        raise typer.Exit(code=1)
