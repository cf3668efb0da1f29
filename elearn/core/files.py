"""Reading files under content/: only regular files whose real path lies inside the content root.

A symbolic link could otherwise publish any file the server can read (`/proc/self/environ` holds the
secret key), and a FIFO or device named like a module would hang `check` and `sync` forever.
"""

import os
import stat
from pathlib import Path

# Room for a quiz bank of a thousand questions; one Markdown text has its own, smaller limit
# (rendering.MAX_MARKDOWN_BYTES), as python-markdown slows down on large texts.
MAX_TEXT_BYTES = 512 * 1024
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class UnreadableFile(Exception):
    """Why a content file was not read, in words for its author."""


class FileTooLarge(UnreadableFile):
    pass


def _real_path(path: Path, root: Path | None) -> Path:
    """The path with every link resolved; it must stay inside `root` (None: any place the operator named)."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        raise UnreadableFile("the file does not exist") from None
    real = path.resolve()
    if root is not None and not real.is_relative_to(root.resolve()):
        raise UnreadableFile("the file is a link to a place outside the content folder; content files "
                             "must be plain files inside it")
    if is_link and not os.path.lexists(real):
        raise UnreadableFile("the file is a link to a file that does not exist")
    return real


def read_content_bytes(path: Path, root: Path | None, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file at most `max_bytes` long, or UnreadableFile. Checked before opening
    (a device is never opened) and again on the open descriptor (the file may be swapped meanwhile);
    O_NONBLOCK means even a FIFO slipped in between cannot block the open."""
    real = _real_path(path, root)
    not_regular = UnreadableFile("the file is not a plain file (it is a folder, a FIFO or a device); "
                                 "content files must be plain files")
    try:
        if not stat.S_ISREG(os.stat(real).st_mode):
            raise not_regular
        descriptor = os.open(real, _OPEN_FLAGS)
    except OSError as error:
        raise UnreadableFile(f"the file cannot be opened ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise not_regular
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(f"the file is larger than {max_bytes // 1024} KB; split it into smaller files")
    return data
