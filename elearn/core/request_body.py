"""Refuse a request body cut off before its declared Content-Length. gunicorn marks its input as
terminated, so Werkzeug trusts it, and a client that half-closes early gets its short body passed
on as if complete: a cut-off autosave would be stored. Read the declared length here, before the app."""

import io

from werkzeug.wsgi import get_content_length

READ_SIZE = 64 * 1024


class RequireCompleteBody:
    """WSGI middleware: a body shorter than its Content-Length is answered `refusal` (a 400), so no
    view, form or CSRF check ever sees it. Bodies over MAX_CONTENT_LENGTH are left for Flask's 413."""

    def __init__(self, wsgi_app, config: dict, refusal):
        self.wsgi_app, self.config, self.refusal = wsgi_app, config, refusal

    def __call__(self, environ, start_response):
        declared = get_content_length(environ)
        limit = self.config.get("MAX_CONTENT_LENGTH")
        if declared and (limit is None or declared <= limit):
            body = _read_up_to(environ["wsgi.input"], declared)
            if len(body) < declared:
                return self.refusal()(environ, start_response)
            environ["wsgi.input"] = io.BytesIO(body)
        return self.wsgi_app(environ, start_response)


def _read_up_to(stream, length: int) -> bytes:
    """At most `length` bytes; fewer only when the client stopped sending (end of input or a reset)."""
    chunks, missing = [], length
    while missing:
        try:
            chunk = stream.read(min(missing, READ_SIZE))
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)
