"""Course images: reading them from a course's images/ folder and checking every reference to them
(Markdown `![a](src)`, reference-style `![a][r]`, raw HTML `<img src>`) in modules and quizzes."""

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from elearn.core.files import FileTooLarge, UnreadableFile, read_content_bytes
from elearn.core.frontmatter import FileReport, Problem

IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
}
MAX_IMAGE_BYTES = 1024 * 1024
INLINE_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_IMAGE_RE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?![(\[:])")
DEFINITION_RE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?", re.MULTILINE)
HTML_IMAGE_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
CODE_RE = re.compile(r"^ {0,3}(```|~~~).*?(?:^ {0,3}\1|\Z)|`[^`\n]+`", re.MULTILINE | re.DOTALL)
HTML_ATTRIBUTE_RE = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""


@dataclass
class ImageSource:
    relative_path: str
    data: bytes
    media_type: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load_images(folder: Path, root: Path, problems: list[Problem]) -> dict[str, ImageSource]:
    """The images under `folder`/images, read only if each is a plain file inside content/."""
    images: dict[str, ImageSource] = {}
    image_dir = folder / "images"
    for path in sorted(image_dir.rglob("*")) if image_dir.is_dir() else []:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            continue
        report = FileReport(path, root, problems)
        media_type = IMAGE_TYPES.get(path.suffix.lower())
        if media_type is None:
            report.add(1, f"images must be {', '.join(sorted(IMAGE_TYPES))}")
            continue
        try:
            data = read_content_bytes(path, root, MAX_IMAGE_BYTES)
        except FileTooLarge:
            report.add(1, "the image is larger than 1 MB; make it smaller for slow connections")
            continue
        except UnreadableFile as error:
            report.add(1, str(error))
            continue
        relative = path.relative_to(folder).as_posix()
        images[relative] = ImageSource(relative, data, media_type)
    return images


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _html_attribute(tag: str, name: str) -> str | None:
    match = re.search(HTML_ATTRIBUTE_RE.format(name=name), tag, re.IGNORECASE)
    return next((group for group in match.groups() if group is not None), "") if match else None


def _image_refs(text: str):
    """(offset, alt, src) of every image the text shows; a reference without a definition is text, and
    so is code (blanked out, keeping every offset)."""
    text = CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    definitions = {_label(label): src for label, src in DEFINITION_RE.findall(text)}
    for match in INLINE_IMAGE_RE.finditer(text):
        yield match.start(), match.group(1), match.group(2)
    for match in REFERENCE_IMAGE_RE.finditer(text):
        label = _label(match.group(2) or match.group(1))
        if label in definitions:
            yield match.start(), match.group(1), definitions[label]
    for match in HTML_IMAGE_RE.finditer(text):
        tag = match.group()
        yield match.start(), _html_attribute(tag, "alt") or "", _html_attribute(tag, "src") or ""


def check_image_refs(text: str, first_line: int, images: dict[str, ImageSource], report: FileReport) -> None:
    """Every image a text shows must be a file of the course's images/ folder, with alt text."""
    for offset, alt, src in _image_refs(text):
        line = first_line + text.count("\n", 0, offset)
        if ":" in src or src.startswith("/"):
            report.add(line, f"image '{src}' must be a file in the course folder")
        elif src not in images:
            report.add(line, f"image '{src}' does not exist in the course folder")
        if not alt.strip():
            report.add(line, f"image '{src}' needs a description (alt text)")
