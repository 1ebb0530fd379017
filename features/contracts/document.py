"""A contract file or pasted text -> plain text, or a clear error saying what was expected.

Accepted: a PDF with a text layer (read with pypdf in layout mode, so two columns side by side stay two
columns), a plain-text file (UTF-8, UTF-16 with a byte-order mark, or Windows-1252), or pasted text.
Everything else gets an error that names what the file looks like and what Layak reads instead: a scanned
PDF (no text layer), a password-protected PDF, an image, a Word or spreadsheet file, an empty text, a file
over ``MAX_CONTRACT_BYTES``. Nothing is written anywhere: the bytes are read in memory and dropped.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from features.validation import FieldError

MAX_CONTRACT_BYTES = 10_000_000  # 10 MB: a 40-page text PDF is well under 1 MB
MAX_PAGES = 60
MAX_TEXT_CHARS = 300_000
MIN_TEXT_CHARS = 40  # below this a PDF "has no text layer" and a text "is empty"

# Magic bytes of files people upload by mistake -> (English, Indonesian) name of what the file is.
_NOT_TEXT: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "a PNG image", "gambar PNG"),
    (b"\xff\xd8\xff", "a JPEG image (photo)", "gambar JPEG (foto)"),
    (b"GIF8", "a GIF image", "gambar GIF"),
    (b"II*\x00", "a TIFF image (scan)", "gambar TIFF (hasil scan)"),
    (b"MM\x00*", "a TIFF image (scan)", "gambar TIFF (hasil scan)"),
    (b"RIFF", "a WebP image or other media file", "gambar WebP atau file media"),
    (b"PK\x03\x04", "a Word, Excel or other ZIP-based document (.docx/.xlsx/.odt)",
     "dokumen Word, Excel atau ZIP lain (.docx/.xlsx/.odt)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel document (.doc/.xls)", "dokumen Word atau Excel lama (.doc/.xls)"),
    (b"{\\rtf", "an RTF document", "dokumen RTF"),
)
EXPECTED_EN = "a PDF with a text layer, a plain-text file (.txt, UTF-8) or the contract's text pasted"
EXPECTED_ID = "PDF yang berisi teks, file teks biasa (.txt, UTF-8) atau teks kontrak yang ditempel"


class ContractInputError(FieldError):
    """A contract that cannot be read. ``field`` is ``file`` or ``text``; the message says what was expected.

    ``message_id`` is the same message in Indonesian, for pages that show it to a worker.
    """

    def __init__(self, field_name: str, message: str, message_id: str) -> None:
        super().__init__(field_name, message)
        self.message_id = message_id


class ContractTooLarge(ContractInputError):
    """A file over ``MAX_CONTRACT_BYTES`` (HTTP 413)."""


@dataclass(frozen=True)
class ContractDocument:
    """The contract as text. ``kind`` is ``pdf``, ``text_file`` or ``pasted``; ``pages`` counts PDF pages."""

    text: str
    kind: str
    pages: int | None = None
    filename: str | None = None


def read_upload(data: bytes, filename: str | None = None) -> ContractDocument:
    """An uploaded file (bytes) -> its text. Raises ContractInputError (ContractTooLarge over the limit)."""
    if len(data) > MAX_CONTRACT_BYTES:
        mb, limit = len(data) / 1e6, MAX_CONTRACT_BYTES / 1e6
        raise ContractTooLarge("file", f"the file is {mb:,.1f} MB; a contract file may be at most {limit:g} MB "
                                       f"(expected {EXPECTED_EN})",
                               f"file berukuran {mb:,.1f} MB; file kontrak paling besar {limit:g} MB "
                               f"(yang diterima: {EXPECTED_ID})")
    if not data.strip():
        raise ContractInputError("file", f"the file is empty (expected {EXPECTED_EN})",
                                 f"file kosong (yang diterima: {EXPECTED_ID})")
    head = data[:1024]
    if b"%PDF-" in head:
        return _read_pdf(data, filename)
    for magic, what_en, what_id in _NOT_TEXT:
        if data.startswith(magic):
            raise ContractInputError(
                "file", f"the file looks like {what_en}, which Layak cannot read (expected {EXPECTED_EN}); "
                        "for a photo or a scan, type or paste the contract's text",
                f"file ini tampaknya {what_id}, yang tidak bisa dibaca Layak (yang diterima: {EXPECTED_ID}); "
                "untuk foto atau hasil scan, ketik atau tempel teks kontraknya")
    text = _decode(data)
    return ContractDocument(_check_text(text, "file"), "text_file", None, filename)


def read_pasted(text: str) -> ContractDocument:
    """Pasted text -> ContractDocument. Raises ContractInputError when it is empty or too long."""
    return ContractDocument(_check_text(text, "text"), "pasted")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data or _binary_share(data) > 0.05:
        raise ContractInputError(
            "file", f"the file is not text and not a PDF (expected {EXPECTED_EN})",
            f"file ini bukan teks dan bukan PDF (yang diterima: {EXPECTED_ID})")
    return data.decode("cp1252", errors="replace")


def _binary_share(data: bytes) -> float:
    sample = data[:4096]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / max(1, len(sample))


def _check_text(text: str, field: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(re.sub(r"\s+", "", text)) < MIN_TEXT_CHARS:
        raise ContractInputError(
            field, f"the contract text is empty or too short to be a contract (at least {MIN_TEXT_CHARS} "
                   f"characters expected; expected {EXPECTED_EN})",
            f"teks kontrak kosong atau terlalu pendek untuk sebuah kontrak (paling sedikit {MIN_TEXT_CHARS} "
            f"karakter; yang diterima: {EXPECTED_ID})")
    if len(text) > MAX_TEXT_CHARS:
        raise ContractInputError(
            field, f"the contract text has {len(text):,} characters; at most {MAX_TEXT_CHARS:,} are read",
            f"teks kontrak berisi {len(text):,} karakter; paling banyak {MAX_TEXT_CHARS:,} yang dibaca")
    return text


def _read_pdf(data: bytes, filename: str | None) -> ContractDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable PDFs warn on every page
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise ContractInputError(
                "file", "the PDF is protected with a password, so Layak cannot read it; open it, save or print "
                        "it again as a PDF without a password, or paste the contract's text",
                "PDF ini dilindungi kata sandi sehingga tidak bisa dibaca Layak; buka file itu, simpan atau cetak "
                "ulang sebagai PDF tanpa kata sandi, atau tempel teks kontraknya")
        pages = reader.pages
        count = len(pages)
        if count > MAX_PAGES:
            raise ContractInputError(
                "file", f"the PDF has {count} pages; a contract of at most {MAX_PAGES} pages is read",
                f"PDF ini berisi {count} halaman; kontrak yang dibaca paling banyak {MAX_PAGES} halaman")
        texts = [_page_text(page) for page in pages]
    except ContractInputError:
        raise
    except (PdfReadError, DependencyError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ContractInputError(
            "file", f"the file starts like a PDF but cannot be read as one ({type(exc).__name__}); "
                    f"expected {EXPECTED_EN}",
            f"file ini tampak seperti PDF tetapi tidak bisa dibaca ({type(exc).__name__}); "
            f"yang diterima: {EXPECTED_ID}") from None
    text = "\n\n".join(texts)
    if len(re.sub(r"\s+", "", text)) < MIN_TEXT_CHARS:
        raise ContractInputError(
            "file", f"the PDF has no text layer ({count} page{'s' if count != 1 else ''} of images only): it looks "
                    "like a scan or a photo. Layak reads only PDFs that contain text; type or paste the "
                    "contract's text instead",
            f"PDF ini tidak berisi teks ({count} halaman hanya gambar): tampaknya hasil scan atau foto. Layak "
            "hanya membaca PDF yang berisi teks; ketik atau tempel teks kontraknya")
    return ContractDocument(_check_text(text, "file"), "pdf", count, filename)


def _opens_without_password(reader: object) -> bool:
    """A PDF encrypted only with an owner password (print/copy restrictions) opens with an empty one."""
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - any failure to decrypt means "needs a password"
        return False


def _page_text(page: object) -> str:
    """One page's text in layout mode (columns kept apart by spaces); plain mode if layout mode fails."""
    try:
        return str(page.extract_text(extraction_mode="layout"))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - layout mode is best effort; plain extraction is the fallback
        return str(page.extract_text())  # type: ignore[attr-defined]
