"""Course content: parsing content/, checking it, syncing it to the database, and the one
Markdown renderer + HTML sanitizer every piece of rendered text goes through."""
