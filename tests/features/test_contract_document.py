"""Contract files: PDFs with a text layer (one or two columns), plain text, and every bad input with its error."""

from __future__ import annotations

import io
import zipfile

import pytest

from features.contracts.document import (
    MAX_CONTRACT_BYTES,
    ContractInputError,
    ContractTooLarge,
    read_pasted,
    read_upload,
)
from features.contracts.layout import segment
from tests.features.contract_samples import manifest, render_pdf, render_text


def _hk() -> str:
    return next(f for f in manifest()[1] if f.id == "hk_id407").source


def test_a_two_column_pdf_is_read_column_by_column() -> None:
    doc = read_upload(render_pdf(_hk(), "side_by_side"), "kontrak.pdf")
    assert doc.kind == "pdf" and doc.pages and doc.pages >= 1
    sentences = segment(doc.text)
    assert {s.column for s in sentences} == {0, 1}
    wage_id = next(s for s in sentences if "HK$5,100" in s.text and s.lang == "id")
    wage_en = next(s for s in sentences if "HK$5,100" in s.text and s.lang == "en")
    assert "Wages" not in wage_id.text and "Majikan" not in wage_en.text  # never glued to its translation
    assert (wage_id.column, wage_en.column) == (0, 1)


def test_the_same_layout_as_a_text_file_splits_the_same_way() -> None:
    doc = read_upload(render_text(_hk(), "side_by_side").encode("utf-8"), "kontrak.txt")
    assert doc.kind == "text_file"
    assert {s.column for s in segment(doc.text)} == {0, 1}


def test_text_files_in_utf8_with_bom_utf16_and_windows_1252_are_read() -> None:
    text = "Gaji Pekerja sebesar RM1.700 per bulan dibayar tanggal 7 setiap bulan oleh Majikan – café"
    for data in (("\ufeff" + text).encode("utf-8"), text.encode("utf-16"), text.encode("cp1252")):
        assert "RM1.700" in read_upload(data).text


def test_a_scanned_pdf_without_a_text_layer_says_so() -> None:
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(picture.getvalue()), x=10, y=10, w=180)
    with pytest.raises(ContractInputError) as err:
        read_upload(bytes(pdf.output()), "scan.pdf")
    assert "no text layer" in str(err.value) and "scan" in str(err.value) and err.value.field == "file"
    assert "tidak berisi teks" in err.value.message_id


def test_a_password_protected_pdf_says_so_and_an_owner_only_password_still_opens() -> None:
    with pytest.raises(ContractInputError, match="protected with a password"):
        read_upload(render_pdf(_hk(), "side_by_side", password="rahasia"))
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "Majikan membayar gaji Pekerja sebesar HK$5,100 per bulan sesuai kontrak standar ID 407.")
    pdf.set_encryption(owner_password="only-the-owner")
    assert "HK$5,100" in read_upload(bytes(pdf.output())).text


@pytest.mark.parametrize(("data", "expected"), [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "PNG image"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 200, "JPEG image"),
    (b"%PDF-1.7\n this is not really a pdf at all " * 3, "cannot be read"),
    (bytes(range(256)) * 40, "not text and not a PDF"),
])
def test_files_that_are_not_contracts_name_what_they_look_like(data: bytes, expected: str) -> None:
    with pytest.raises(ContractInputError) as err:
        read_upload(data, "upload.bin")
    assert expected in str(err.value)
    assert "PDF with a text layer" in str(err.value) or "PDF" in str(err.value)


def test_a_word_document_is_refused_with_what_to_send_instead() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document>Perjanjian kerja</w:document>")
    with pytest.raises(ContractInputError) as err:
        read_upload(buf.getvalue(), "kontrak.docx")
    assert "Word" in str(err.value) and "paste" in str(err.value) and "Word" in err.value.message_id


def test_a_50_mb_file_is_refused_before_it_is_read() -> None:
    with pytest.raises(ContractTooLarge) as err:
        read_upload(b"%PDF-1.4\n" + b" " * 50_000_000, "besar.pdf")
    assert "50.0 MB" in str(err.value) and f"{MAX_CONTRACT_BYTES / 1e6:g} MB" in str(err.value)


@pytest.mark.parametrize("text", ["", "   \n\t  ", "Kontrak."])
def test_empty_or_too_short_text_is_refused(text: str) -> None:
    with pytest.raises(ContractInputError) as err:
        read_pasted(text)
    assert err.value.field == "text" and "empty" in str(err.value) and "kosong" in err.value.message_id
    with pytest.raises(ContractInputError, match="empty"):
        read_upload(text.encode())
