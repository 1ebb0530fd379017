"""The canonical text a profile or listing is embedded as."""

from __future__ import annotations

from features.embed_text import render
from features.reference import Reference


def test_render_labels_ids_in_english_and_keeps_unknown_ids_and_terms(ref: Reference) -> None:
    skill = str(ref.skills.index[0])
    text = render(occupations=[], sectors=[], countries=["SG", "XX"], skills=[skill, "not_a_skill"],
                  certificates=[], languages={"en": 2}, unknown=["pijat bayi"], ref=ref)
    label = str(ref.skills.loc[skill, "label_en"])
    assert text == (f"Country: Singapore, XX. Skills: {label}, not_a_skill. Languages: English A2. "
                    "Other: pijat bayi.")
    assert render(occupations=[], sectors=[], countries=[], skills=[], certificates=[], languages={}, ref=ref) == ""
