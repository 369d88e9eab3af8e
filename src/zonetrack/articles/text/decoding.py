"""Bytes of an uploaded file to text: plain text in UTF-8 / GB18030 / UTF-16, HTML, .docx."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from zonetrack.core.limits import Budget, LimitExceeded
from zonetrack.core.safezip import DOCX, SafeZipFile

from .model import MAX_BYTES, MAX_CHARS, Note, UnreadableInput, gettext_noop

DECODE_SECONDS = 30.0
"""Wall-clock budget of turning one file into text; a .docx or page that takes longer is refused."""

# Elements whose content is not the article's text: code, styles and the site's navigation.
_HIDDEN = frozenset(["script", "style", "noscript", "template", "nav"])
# Elements that start a new line of text.
# fmt: off
_BLOCKS = frozenset([
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "title",
    "section", "article", "main", "aside", "nav", "header", "footer", "table", "ul", "ol", "dl",
    "dt", "dd", "blockquote", "pre", "hr", "address", "figure", "figcaption",
])
# fmt: on
# How many elements are handled between two looks at the clock.
_CHECK_EVERY = 2048
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def refusal(error: LimitExceeded) -> UnreadableInput:
    """A cap's refusal as the reader's own (translatable) refusal."""
    return UnreadableInput(Note(error.template, **error.values))


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


def html_to_text(markup: str, *, budget: Budget | None = None) -> str:
    """The visible text of an HTML page or fragment: no scripts, styles, comments or tags; block
    elements on lines of their own, entities decoded. Read by libxml2's HTML parser, which is
    linear however the markup is broken (an unclosed comment or script is just text's end)."""
    from lxml import etree
    from lxml import html as lxml_html

    budget = budget or Budget(DECODE_SECONDS)
    # Bytes with a stated encoding: a str with an XML declaration would be refused by lxml, and
    # a <meta charset> must not override the text already decoded.
    data = markup.replace("\x00", "").encode("utf-8", "replace")
    # huge_tree: libxml2 otherwise drops a text node past 10 MB without a word; the input is
    # already capped (MAX_BYTES, MAX_CHARS), which is what that limit guards against.
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return ""  # nothing but markup, or nothing at all
    parts: list[str] = []
    hidden = 0
    for count, (event, element) in enumerate(etree.iterwalk(root, events=("start", "end"))):
        if count % _CHECK_EVERY == 0:
            budget.check()
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden:
                if tag in _BLOCKS:
                    parts.append("\n")
                if element.text:
                    parts.append(element.text)
            continue
        if tag in _HIDDEN:
            hidden -= 1
        elif not hidden and tag in _BLOCKS and tag != "br":
            parts.append("\n")
        if not hidden and element.tail:
            parts.append(element.tail)
    return "".join(parts)


def _run_text(run: object) -> Iterator[str]:
    # What python-docx reads from a run: text, tabs and line breaks.
    for child in run:  # type: ignore[attr-defined]
        tag = child.tag
        if tag == _WORD + "t":
            yield child.text or ""
        elif tag in (_WORD + "tab", _WORD + "ptab"):
            yield "\t"
        elif tag == _WORD + "cr" or (
            tag == _WORD + "br" and child.get(_WORD + "type") in (None, "textWrapping")
        ):
            yield "\n"
        elif tag == _WORD + "noBreakHyphen":
            yield "-"


# Containers of runs inside a paragraph whose text Word shows.
_RUN_HOLDERS = frozenset(
    _WORD + name for name in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent")
)


def _paragraph_text(paragraph: object) -> str:
    parts: list[str] = []
    stack = [iter(paragraph)]  # type: ignore[call-overload]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == _WORD + "r":
            parts.extend(_run_text(child))
        elif child.tag in _RUN_HOLDERS:
            stack.append(iter(child))
    return "".join(parts)


def _docx_text(data: bytes, budget: Budget) -> str:
    """Paragraphs of the body, then each table row's cells, as python-docx reads them; streamed
    from word/document.xml under the zip caps, so no part is ever held whole in memory."""
    from lxml import etree

    damaged = UnreadableInput(
        Note(gettext_noop("The .docx file could not be opened; save it again and retry."))
    )
    try:
        archive = SafeZipFile(data, DOCX, budget=budget)
    except LimitExceeded as error:
        raise refusal(error) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise damaged from None
    lines: list[str] = []
    rows: list[str] = []
    length = 0
    paragraph, table, row, cell = (_WORD + name for name in ("p", "tbl", "tr", "tc"))
    depth = 0  # of tables
    try:
        with archive, archive.open("word/document.xml") as stream:
            events = etree.iterparse(
                stream,
                events=("start", "end"),
                tag=(paragraph, table, row),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
            )
            for count, (event, element) in enumerate(events):
                if count % _CHECK_EVERY == 0:
                    budget.check()
                if element.tag == table:
                    depth += 1 if event == "start" else -1
                    if event == "end" and depth == 0:
                        element.clear()
                    continue
                if event == "start":
                    continue
                if element.tag == paragraph and depth == 0:
                    text = _paragraph_text(element)
                elif element.tag == row and depth == 1:
                    cells = element.iterchildren(cell)
                    text = " ".join(
                        "\n".join(_paragraph_text(p) for p in c.iterchildren(paragraph))
                        for c in cells
                    )
                else:
                    continue
                (lines if element.tag == paragraph else rows).append(text)
                length += len(text) + 1
                if length > MAX_CHARS:
                    raise UnreadableInput(
                        Note(
                            gettext_noop(
                                "The text is too long (more than %(limit)s characters). "
                                "Split the article or paste the relevant part."
                            ),
                            limit=f"{MAX_CHARS:,}",
                        )
                    )
                if element.tag == paragraph:
                    # Done with this paragraph: free it and what came before it.
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
    except UnreadableInput:
        raise
    except LimitExceeded as error:
        raise refusal(error) from None
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError):
        raise damaged from None
    return "\n".join(lines + rows)


def decode(data: bytes, filename: str = "", *, max_seconds: float = DECODE_SECONDS) -> str:
    """Bytes of a .txt/.html/.docx file → text (UTF-8, GB18030/GBK detected; .docx paragraphs; HTML
    text without scripts/styles). A .docx inflates under the zip caps; decoding that takes more
    than `max_seconds` is refused. Raises UnreadableInput."""
    budget = Budget(max_seconds)
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
    if name.endswith(".docx") or data[:4] == b"PK\x03\x04":
        return _docx_text(data, budget)
    if name.endswith(".pdf") or data[:5] == b"%PDF-":
        raise UnreadableInput(
            Note(gettext_noop("PDF files are not read; copy the article's text and paste it."))
        )
    text = _decode_text(data)
    head = text[:2000].lower()
    if name.endswith((".html", ".htm")) or "<html" in head or "<body" in head or "<p>" in head:
        try:
            text = html_to_text(text, budget=budget)
        except LimitExceeded as error:
            raise refusal(error) from None
    return text
