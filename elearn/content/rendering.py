"""Markdown to safe HTML. There is no other path from author or user text to the page."""

from collections.abc import Mapping
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Bump when the renderer or allow-list changes, so `content sync` re-renders every course.
RENDERER_VERSION = "2"

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


class _PhoneLayoutExtension(Extension):
    def __init__(self, image_urls: Mapping[str, str], table_label: str):
        super().__init__()
        self.image_urls, self.table_label = image_urls, table_label

    def extendMarkdown(self, md):
        md.treeprocessors.register(_PhoneLayout(md, self.image_urls, self.table_label), "elearn_layout", 5)


def render_markdown(text: str, image_urls: Mapping[str, str] | None = None, language: str = "id") -> str:
    """Render Markdown (tables, fenced code, TOC, admonitions) and sanitize the result."""
    html = markdown.markdown(
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
    return sanitize_html(html)


def render_inline_markdown(text: str, language: str = "id") -> str:
    """A short piece (an option, a matching item): Markdown without the surrounding paragraph."""
    html = render_markdown(text, language=language).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
