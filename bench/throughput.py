"""Throughput per core, side by side: one gunicorn configuration serves a bare Flask "hello" and the
real app (production settings, on a database with the generated province), and wrk loads each in
turn, round after round, so every page is reported as a percentage of the hello measured in the same
run on the same (shared, noisy) machine. Also the memory of each worker (unique = private pages, what
one more worker costs; PSS = its fair share of pages shared with the other workers).

Pages, as the signed-in demo learner (enrolled, with an open post-test attempt): the module page
(the longest one), the course page, the learner home, the catalog, the quiz attempt page, and the
answer save (the POST the page's autosave sends, JSON). wrk's non-2xx/3xx count is printed; each page
is checked to answer 200 (not a redirect to the sign-in page) before it is loaded.

Run from the repository root (wrk: scripts/ensure-debian-package wrk wrk "benchmarks"):
  .venv/bin/python bench/throughput.py --database-url postgresql+psycopg://root@127.0.0.1:5432/test
  options: --learners 20000 --workers 2 --threads 1 --rounds 3 --seconds 8 --connections 16 --preload
"""

import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import _setup
from _setup import (
    REPO_ROOT,
    bench_parser,
    build_app,
    dispose,
    enrol,
    generate_learners,
    longest_module_page,
    scratch_database,
    sign_in_learner,
)

from elearn.core.extensions import db
from elearn.devtools.demo import DEMO_PASSWORD
from elearn.quizzes import services
from elearn.quizzes.models import Attempt

QUIZ_COURSE, QUIZ_SLUG = "pelayanan-publik", "post-test"
HELLO_MODULE = "_hello:app"
VENV_BIN = Path(sys.executable).parent


# --- the two servers ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(target: str, port: int, args, env: dict) -> subprocess.Popen:
    command = [str(VENV_BIN / "gunicorn"), target, "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--threads", str(args.threads),
               "--worker-class", "gthread" if args.threads > 1 else "sync",
               "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"]
    if args.preload:
        command.append("--preload")
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn {target} exited with {server.returncode}") from None
            time.sleep(0.2)
    raise SystemExit(f"gunicorn {target} did not listen on {port} within 60 s")


def app_environment(database_url: str, port: int) -> dict:
    return {**os.environ, "ELEARN_ENV": "production", "ELEARN_SECRET_KEY": secrets.token_hex(32),
            "ELEARN_BASE_URL": f"http://127.0.0.1:{port}", "ELEARN_DATABASE_URL": database_url,
            "ELEARN_CONTENT_DIR": str(_setup.CONTENT_DIR), "PYTHONPATH": str(Path(__file__).parent)}


def worker_memory(server: subprocess.Popen) -> list[dict[str, int]]:
    """Per worker (the master's children): RSS, PSS and unique (private clean + dirty) memory in kB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    figures = []
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0])
        figures.append({"rss": fields["Rss"], "pss": fields["Pss"],
                        "unique": fields["Private_Clean"] + fields["Private_Dirty"]})
    return figures


# --- a signed-in learner over HTTP ------------------------------------------------------------------
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """Just enough of a browser: keeps the cookies the server sets and sends them back."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None, accept: str = "text/html"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie_header(), "Accept": accept}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    def sign_in(self, email: str) -> str:
        """Signs in; returns the session's CSRF token (the same on every page of the session)."""
        _, page = self.request("GET", "/login")
        status, _ = self.request("POST", "/login", {"csrf_token": CSRF_FIELD.search(page).group(1),
                                                    "identifier": email, "password": DEMO_PASSWORD})
        if status != 302:
            raise SystemExit(f"signing in over HTTP failed: {status}")
        _, home = self.request("GET", "/")
        return CSRF_FIELD.search(home).group(1)


# --- wrk ----------------------------------------------------------------------------------------------
WRK_POST = """wrk.method = "POST"
wrk.body = {body!r}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
"""


def run_wrk(port: int, path: str, cookie: str, args, post_body: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency",
               "-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if post_body is not None:
            script.write(WRK_POST.replace("{body!r}", '"' + post_body.replace('"', '\\"') + '"'))
            command += ["-s", script.name]
    try:
        output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True,
                                text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {"rate": rate, "p50": latencies.get("50", "?"), "p99": latencies.get("99", "?"),
            "failed": int(failed.group(1)) if failed else 0, "socket": errors.group(0) if errors else ""}


# --- the run ------------------------------------------------------------------------------------------
def prepare_learner(app) -> tuple[str, str, int, dict]:
    """In-process: the demo learner enrols and starts the post-test. Returns the course path, the
    longest module page, the attempt id and one answer form (a single-choice question's first option)."""
    client = app.test_client()
    sign_in_learner(client)
    course_path, module_path = longest_module_page(client)
    enrol(client, course_path)
    enrol(client, f"/courses/{QUIZ_COURSE}")
    location = client.post(f"/courses/{QUIZ_COURSE}/quizzes/{QUIZ_SLUG}/start").headers["Location"]
    attempt_id = int(location.rstrip("/").split("/")[-1])
    with app.app_context():
        pairs = services.items_with_questions(db.session, db.session.get(Attempt, attempt_id))
        item, question = next((item, question) for item, question in pairs if question.type == "single")
        value = question.data["options"][0]["id"]
    return course_path, module_path, attempt_id, {"items": str(item.id), f"q{item.id}": value}


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--learners", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--preload", action="store_true")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        app = build_app(url)
        generate_learners(app, args.learners)
        course_path, module_path, attempt_id, answer = prepare_learner(app)
        dispose(app)
        hello_port, app_port = free_port(), free_port()
        servers = [start_gunicorn(HELLO_MODULE, hello_port, args, app_environment(url, hello_port)),
                   start_gunicorn("wsgi:app", app_port, args, app_environment(url, app_port))]
        try:
            browser = Browser(app_port)
            token = browser.sign_in(_setup.LEARNER_EMAIL)
            pages = [("module page", module_path), ("course page", course_path), ("learner home", "/"),
                     ("catalog", "/courses"), ("attempt page", f"/attempts/{attempt_id}")]
            for label, path in pages:
                status, _ = browser.request("GET", path)
                if status != 200:
                    raise SystemExit(f"{label} {path} answered {status} over HTTP")
            save_form = {**answer, "csrf_token": token}
            save_path, save_body = f"/attempts/{attempt_id}/answers", urlencode(save_form)
            status, _ = browser.request("POST", save_path, save_form, "application/json")
            if status != 200:
                raise SystemExit(f"answer save answered {status} over HTTP")
            print(f"gunicorn: {args.workers} workers × {args.threads} threads"
                  f"{' (gthread)' if args.threads > 1 else ' (sync)'}{', --preload' if args.preload else ''};"
                  f" wrk -t2 -c{args.connections} -d{args.seconds}s; {args.rounds} rounds")
            results: dict[str, list[dict]] = {}
            for round_number in range(1, args.rounds + 1):
                hello = run_wrk(hello_port, "/", "", args)
                results.setdefault("hello", []).append(hello)
                line = [f"round {round_number}: hello {hello['rate']:.0f}/s"]
                for label, path in pages:
                    figure = run_wrk(app_port, path, browser.cookie_header(), args)
                    figure["share"] = figure["rate"] / hello["rate"] * 100
                    results.setdefault(label, []).append(figure)
                    line.append(f"{label} {figure['rate']:.0f}/s ({figure['share']:.1f} %)")
                figure = run_wrk(app_port, save_path, browser.cookie_header(), args, save_body)
                figure["share"] = figure["rate"] / hello["rate"] * 100
                results.setdefault("answer save", []).append(figure)
                line.append(f"answer save {figure['rate']:.0f}/s ({figure['share']:.1f} %)")
                print("; ".join(line))
            print("\nmedian over rounds (share of the hello measured in the same round):")
            for label, figures in results.items():
                share = statistics.median(f.get("share", 100.0) for f in figures)
                failed = sum(f["failed"] for f in figures)
                print(f"  {label:13} {statistics.median(f['rate'] for f in figures):8.0f} req/s  "
                      f"{share:5.1f} %  p50 {figures[-1]['p50']:>8}  p99 {figures[-1]['p99']:>8}  "
                      f"non-2xx {failed}{'  ' + figures[-1]['socket'] if figures[-1]['socket'] else ''}")
            for name, server in (("hello", servers[0]), ("elearn", servers[1])):
                for n, memory in enumerate(worker_memory(server), start=1):
                    print(f"memory {name} worker {n}: unique {memory['unique'] / 1024:.1f} MB, "
                          f"PSS {memory['pss'] / 1024:.1f} MB, RSS {memory['rss'] / 1024:.1f} MB")
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
            for server in servers:
                server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
