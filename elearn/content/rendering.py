"""Markdown to safe HTML. There is no other path from author or user text to the page."""

from collections.abc import Mapping
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Bump when the renderer or allow-list changes, so `content sync` re-renders every course.
RENDERER_VERSION = "1"

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
        "abbr": {"title"},
        **{f"h{level}": {"id"} for level in range(1, 7)},
    },
    allowed_classes={"div": {"admonition", "toc", *ADMONITION_KINDS}, "p": {"admonition-title"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """The single allow-list: drops scripts, event handlers, javascript:/data: URLs, iframes, styles."""
    return _CLEANER.clean(html)


class _ImageSources(Treeprocessor):
    def __init__(self, md, image_urls: Mapping[str, str]):
        super().__init__(md)
        self.image_urls = image_urls

    def run(self, root: Element) -> None:
        for img in root.iter("img"):
            src = img.get("src", "")
            if src in self.image_urls:
                img.set("src", self.image_urls[src])
            img.set("loading", "lazy")


class _ImageSourceExtension(Extension):
    """Rewrites `images/x.png` written by authors to the URL the app serves the image at."""

    def __init__(self, image_urls: Mapping[str, str]):
        super().__init__()
        self.image_urls = image_urls

    def extendMarkdown(self, md):
        md.treeprocessors.register(_ImageSources(md, self.image_urls), "elearn_images", 5)


def render_markdown(text: str, image_urls: Mapping[str, str] | None = None) -> str:
    """Render Markdown (tables, fenced code, TOC, admonitions) and sanitize the result."""
    html = markdown.markdown(
        text,
        extensions=[
            "tables",
            "fenced_code",
            "toc",
            "admonition",
            "sane_lists",
            _ImageSourceExtension(image_urls or {}),
        ],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    return sanitize_html(html)
