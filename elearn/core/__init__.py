"""The core every feature stands on: settings, extensions, the site-wide web plumbing and form helpers."""
