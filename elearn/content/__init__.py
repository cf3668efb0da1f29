"""Courses and modules as stored (with their images), and which courses a user may see. Reading and
syncing content/ is contentsync's job; the Markdown renderer and sanitizer live in core/rendering.py."""
