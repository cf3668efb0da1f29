"""A body cut off before its declared Content-Length is refused (400) before any view sees it, as
gunicorn passes it on when the client half-closes early; a complete body and the 413 still work."""

import io
import os
import socket
import subprocess
import sys
from pathlib import Path

from werkzeug.test import EnvironBuilder

ROOT = Path(__file__).resolve().parents[1]
FORM = "application/x-www-form-urlencoded"


def call(app, environ: dict) -> tuple[int, bytes]:
    """Run the app as a WSGI server would; (status code, body)."""
    started = []
    body = b"".join(app(environ, lambda status, headers, exc_info=None: started.append(status)))
    return int(started[0].split()[0]), body


def language_post(app, body: bytes, declared: int) -> dict:
    """The environ gunicorn builds: it marks its input as terminated, and hands over what arrived."""
    environ = EnvironBuilder(path="/language", method="POST", data=b"", content_type=FORM).get_environ()
    environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(declared),
                    "wsgi.input_terminated": True})
    return environ


def test_a_body_shorter_than_its_content_length_is_refused(app):
    full = b"locale=en&next=/courses"
    assert call(app, language_post(app, full, len(full)))[0] == 302
    status, page = call(app, language_post(app, full[:-8], len(full)))
    assert status == 400
    assert "Permintaan tidak dapat diproses" in page.decode() and "could not be understood" in page.decode()


def test_a_body_over_the_size_limit_is_still_too_large_and_not_read(app):
    class Unreadable(io.RawIOBase):
        def read(self, size=-1):
            raise AssertionError("a body over the limit was read")

    declared = app.config["MAX_CONTENT_LENGTH"] + 1
    environ = language_post(app, b"", declared)
    environ["wsgi.input"] = Unreadable()
    assert call(app, environ)[0] == 413


def test_gunicorn_refuses_a_body_the_client_cut_off_by_half_closing(tmp_path):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = f"elearn:create_app({{'WTF_CSRF_ENABLED': False, 'ELEARN_CONTENT_DIR': '{tmp_path}'}})"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"fd://{listener.fileno()}", "--workers", "1", app],
        cwd=ROOT, pass_fds=[listener.fileno()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "ELEARN_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"},
    )
    try:
        full = b"locale=en&next=/courses"
        assert _post_half_closed(port, full, len(full)).startswith(b"HTTP/1.1 302")
        assert _post_half_closed(port, full[:-8], len(full)).startswith(b"HTTP/1.1 400")
    finally:
        server.terminate()
        server.wait(timeout=30)
        listener.close()


def _post_half_closed(port: int, body: bytes, declared: int) -> bytes:
    """Send the headers and `body`, then close the sending side, as a client cut off mid-upload does."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(b"POST /language HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                           b"Content-Type: " + FORM.encode() + b"\r\n"
                           b"Content-Length: " + str(declared).encode() + b"\r\n\r\n" + body)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer
