"""Markdown to safe HTML. There is no other path from author or user text to the page.

python-markdown is slow on some shapes of text (16 KB of `[` took 40 s: each unclosed `[` scans to
the end of its paragraph; thousands of headings or nesting a thousand levels deep), so a text is
measured before it is rendered and refused with the line to fix (`MarkdownTooComplex`).
"""

import re
import signal
import threading
import time
from collections.abc import Mapping
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import escape

from elearn.core.frontmatter import Problem

# Bump when the renderer or allow-list changes, so `content sync` re-renders every course.
RENDERER_VERSION = "3"

# Limits far above any real module, each bounding one slow path of python-markdown (or of nh3).
MAX_MARKDOWN_BYTES = 128 * 1024  # one text: a module, a description, a question (about two hours of reading)
MAX_BRACKET_SCAN = 300_000  # characters scanned from each '[' to its ']' (or the end of its paragraph)
MAX_NESTING = 20  # lists, quotes and indentation levels on one line
MAX_HEADINGS = 400  # headings and horizontal rules (each one splits and re-reads the rest of its block)
MAX_HTML_TAGS = 2000  # raw HTML tags (nh3 slows down with nesting)
MAX_RENDER_SECONDS = 5  # whatever else is slow: a content file that takes longer is refused

ADMONITION_KINDS = {"note", "tip", "warning", "danger", "example", "important", "hint", "caution"}

_CLEANER = nh3.Cleaner(
    tags={
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
        "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
        "th", "td", "a", "img", "div", "span", "sup", "sub", "del", "abbr", "kbd",
    },
    clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template"},
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "title", "width", "height", "loading"},
        "th": {"align", "colspan", "rowspan"},
        "td": {"align", "colspan", "rowspan"},
        "ol": {"start"},
        "div": {"aria-label"},
        "abbr": {"title"},
        **{f"h{level}": {"id"} for level in range(1, 7)},
    },
    # Wide tables scroll inside a keyboard-focusable region instead of widening the page.
    tag_attribute_values={"div": {"tabindex": {"0"}, "role": {"region"}}},
    allowed_classes={
        "div": {"admonition", "toc", "table-scroll", *ADMONITION_KINDS}, "p": {"admonition-title"},
    },
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """The single allow-list: drops scripts, event handlers, javascript:/data: URLs, iframes, styles."""
    return _CLEANER.clean(html)


TABLE_LABELS = {"id": "Tabel", "en": "Table"}


class MarkdownTooComplex(ValueError):
    """A text python-markdown would take too long on (or recurse too deeply into)."""

    def __init__(self, line_offset: int, message: str):
        super().__init__(message)
        self.line_offset = line_offset  # 0 for the text's first line


BRACKET_RE = re.compile(r"\\.|[\[\]]")
CONTAINER_RE = re.compile(r"(?:[ ]*(?:>|[-*+][ ]|[0-9]{1,9}[.)][ ]))*")
BREAK_RE = re.compile(r" {0,3}(?:#{1,6}(?:\s|$)|=+\s*$|-+\s*$|([*_])(?: *\1){2,} *$)")
HTML_TAG_RE = re.compile(r"<[A-Za-z]")
FENCE_RE = re.compile(r" {0,3}(```|~~~)")


def _blocks(text: str):
    """(first line offset, lines) of each run of non-blank lines outside fenced code."""
    block: list[str] = []
    start, fenced = 0, False
    for offset, line in enumerate([*text.split("\n"), ""]):
        fence = bool(FENCE_RE.match(line))
        fenced ^= fence
        if fence or fenced or not line.strip():
            if block:
                yield start, block
            block, start = [], offset + 1
        else:
            block.append(line)


def _bracket_scan(block: str) -> int:
    """How far python-markdown reads from every '[' looking for its ']' (escaped brackets are text)."""
    opened: list[int] = []
    scanned = 0
    for match in BRACKET_RE.finditer(block):
        if match.group() == "[":
            opened.append(match.start())
        elif match.group() == "]" and opened:
            scanned += match.start() - opened.pop()
    return scanned + sum(len(block) - position for position in opened)


def check_markdown_shape(text: str) -> None:
    """Raise MarkdownTooComplex for a text that would make python-markdown slow or recurse too deep."""
    if len(text.encode()) > MAX_MARKDOWN_BYTES:
        raise MarkdownTooComplex(0, f"the text is longer than {MAX_MARKDOWN_BYTES // 1024} KB; split it")
    if len(HTML_TAG_RE.findall(text)) > MAX_HTML_TAGS:
        raise MarkdownTooComplex(0, f"the text has more than {MAX_HTML_TAGS} HTML tags; use Markdown")
    scanned, headings = 0, 0
    for start, lines in _blocks(text.expandtabs(4)):
        for offset, line in enumerate(lines):
            prefix = CONTAINER_RE.match(line).group()
            depth = prefix.count(">") + len(re.findall(r"[-*+0-9][.)]? ", prefix)) + (
                (len(line) - len(line.lstrip(" "))) // 4)
            if depth > MAX_NESTING:
                raise MarkdownTooComplex(start + offset, f"the text is nested more than {MAX_NESTING} "
                                         "levels deep (lists, quotes or indentation); flatten it")
            headings += bool(BREAK_RE.match(line))
            if headings > MAX_HEADINGS:
                raise MarkdownTooComplex(start + offset, f"the text has more than {MAX_HEADINGS} headings "
                                         "and horizontal rules; split it into several modules")
        scanned += _bracket_scan("\n".join(lines))
        if scanned > MAX_BRACKET_SCAN:
            raise MarkdownTooComplex(start, "too many '[' without a matching ']' (write a literal "
                                     "bracket as \\[)")


class _Deadline:
    """Interrupts a render running longer than MAX_RENDER_SECONDS. A timer signal can only be handled
    in the main thread (where `flask content` runs); elsewhere the shape check alone protects."""

    def __enter__(self):
        self.armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, MAX_RENDER_SECONDS)
        self.started = time.monotonic()

    def __exit__(self, *exc_info):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        if exc_info[0] is None and time.monotonic() - self.started > MAX_RENDER_SECONDS:
            self._expired()

    @staticmethod
    def _expired(*_signal):
        raise MarkdownTooComplex(0, f"the text takes more than {MAX_RENDER_SECONDS} seconds to render; "
                                 "simplify its Markdown or split it")


class _PhoneLayout(Treeprocessor):
    """Points author image paths at served URLs and wraps tables in a scrollable region."""

    def __init__(self, md, image_urls: Mapping[str, str], table_label: str):
        super().__init__(md)
        self.image_urls, self.table_label = image_urls, table_label

    def run(self, root: Element) -> None:
        for img in root.iter("img"):
            src = img.get("src", "")
            if src in self.image_urls:
                img.set("src", self.image_urls[src])
            img.set("loading", "lazy")
        tables = 0
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    tables += 1  # numbered, so screen readers can tell the regions apart
                    wrapper = Element("div", {"class": "table-scroll", "tabindex": "0", "role": "region",
                                              "aria-label": f"{self.table_label} {tables}"})
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


class _RawImages(Postprocessor):
    """Points the `src` of raw HTML `<img>` tags (which the tree never sees) at served URLs too."""

    SRC_RE = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["']?)([^"'\s>]+)\2""", re.IGNORECASE)

    def __init__(self, md, image_urls: Mapping[str, str]):
        super().__init__(md)
        self.image_urls = image_urls

    def run(self, text: str) -> str:
        return self.SRC_RE.sub(lambda m: m.group(1) + '"' + self.image_urls.get(m.group(3), m.group(3)) + '"',
                               text)


class _PhoneLayoutExtension(Extension):
    def __init__(self, image_urls: Mapping[str, str], table_label: str):
        super().__init__()
        self.image_urls, self.table_label = image_urls, table_label

    def extendMarkdown(self, md):
        md.treeprocessors.register(_PhoneLayout(md, self.image_urls, self.table_label), "elearn_layout", 5)
        md.postprocessors.register(_RawImages(md, self.image_urls), "elearn_raw_images", 5)


def checked_markdown(text: str, image_urls: Mapping[str, str] | None = None, language: str = "id") -> str:
    """Render Markdown (tables, fenced code, TOC, admonitions) and sanitize the result; a text too
    complex or too slow to render raises MarkdownTooComplex (content check and sync report it)."""
    check_markdown_shape(text)
    with _Deadline():
        try:
            html = _convert(text, image_urls, language)
        except RecursionError:
            raise MarkdownTooComplex(0, "the text is nested too deeply to render; flatten it") from None
        return sanitize_html(html)


def render_markdown(text: str, image_urls: Mapping[str, str] | None = None, language: str = "id") -> str:
    """Like `checked_markdown`, but a text too complex to render is shown as plain text instead."""
    try:
        return checked_markdown(text, image_urls, language)
    except MarkdownTooComplex:
        return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def _convert(text: str, image_urls: Mapping[str, str] | None, language: str) -> str:
    return markdown.markdown(
        text,
        extensions=[
            "tables",
            "fenced_code",
            "toc",
            "admonition",
            "sane_lists",
            _PhoneLayoutExtension(image_urls or {}, TABLE_LABELS.get(language, TABLE_LABELS["id"])),
        ],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


def inline_html(html: str) -> str:
    """A rendered short piece (an option, a matching item) without its surrounding paragraph."""
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


class ContentRenderer:
    """Renders the texts of one content file for check and sync: a text too complex or too slow to
    render becomes a problem at its line (and renders as nothing) instead of a stall or a traceback."""

    def __init__(self, shown: str, problems: list[Problem], image_urls: Mapping[str, str], language: str):
        self.shown, self.problems = shown, problems
        self.image_urls, self.language = image_urls, language

    def block(self, text: str, line: int) -> str:
        try:
            return checked_markdown(text, self.image_urls, self.language)
        except MarkdownTooComplex as error:
            self.problems.append(Problem(self.shown, line + error.line_offset, str(error)))
            return ""

    def inline(self, text: str, line: int) -> str:
        return inline_html(self.block(text, line))


def render_inline_markdown(text: str, language: str = "id") -> str:
    """A short piece (an option, a matching item): Markdown without the surrounding paragraph."""
    return inline_html(render_markdown(text, language=language))
