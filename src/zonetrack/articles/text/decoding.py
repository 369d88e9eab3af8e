"""Bytes of an uploaded file to text: plain text in UTF-8 / GB18030 / UTF-16, HTML, .docx."""

from __future__ import annotations

import html
import io
import re
import zipfile

from .model import MAX_BYTES, Note, UnreadableInput, gettext_noop

_SCRIPT_RE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_BLOCK_RE = re.compile(
    r"</?(p|div|br|li|tr|h[1-6]|section|article|table|ul|ol|blockquote|header|footer)\b[^>]*>",
    re.I,
)
_TAG_RE = re.compile(r"<[^>]{0,2000}>")


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12, 27))
    return controls > len(head) * 0.05


def _plausibility(text: str) -> float:
    """Share of Han characters that are common ones (GB 2312 level 1) once in Simplified form."""
    from .lexicon import to_simplified

    sample = "".join(ch for ch in text[:5000] if "\u4e00" <= ch <= "\u9fff" or ch in "╓╖╙╜")
    if not sample:
        return 0.0
    common = 0
    for ch in to_simplified(sample):
        try:
            data = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= data[0] <= 0xD7
    return common / len(sample)


def _decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if _looks_binary(data):
        raise UnreadableInput(
            Note(gettext_noop("The file is binary, not text: upload a .txt, .html or .docx file."))
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5hkscs"):
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if candidates:
        # Big5 bytes also decode as GB18030 (into nonsense): keep the one that reads as Chinese
        return max(candidates, key=_plausibility)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("gb18030", errors="replace")


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page or fragment: no scripts, styles or tags."""
    markup = _SCRIPT_RE.sub(" ", markup)
    markup = _COMMENT_RE.sub(" ", markup)
    markup = _BLOCK_RE.sub("\n", markup)
    markup = _TAG_RE.sub("", markup)
    return html.unescape(markup)


def _docx_text(data: bytes) -> str:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableInput(
            Note(gettext_noop("The .docx file could not be opened; save it again and retry."))
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def decode(data: bytes, filename: str = "") -> str:
    """Bytes of a .txt/.html/.docx file → text (UTF-8, GB18030/GBK detected; .docx paragraphs; HTML
    text without scripts/styles). Raises UnreadableInput."""
    if not data or not data.strip():
        raise UnreadableInput(Note(gettext_noop("The file is empty.")))
    if len(data) > MAX_BYTES:
        raise UnreadableInput(
            Note(
                gettext_noop(
                    "The file is too large (%(size)d MB); the limit is %(limit)d MB. "
                    "Split the article or paste the relevant part."
                ),
                size=len(data) // 1_000_000,
                limit=MAX_BYTES // 1_000_000,
            )
        )
    name = filename.lower()
    if name.endswith(".docx") or (data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data))):
        return _docx_text(data)
    if name.endswith(".pdf") or data[:5] == b"%PDF-":
        raise UnreadableInput(
            Note(gettext_noop("PDF files are not read; copy the article's text and paste it."))
        )
    text = _decode_text(data)
    head = text[:2000].lower()
    if name.endswith((".html", ".htm")) or "<html" in head or "<body" in head or "<p>" in head:
        text = html_to_text(text)
    return text
