"""Settings read from the environment, with defaults that work on a laptop with no set-up."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

DEV_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """A setting is missing or wrong; start-up stops with this message."""


def _whole_number(env, name: str, default: int, lowest: int, highest: int) -> int:
    """An integer setting within its sensible range; anything else stops start-up naming the setting."""
    raw = env.get(name, str(default)).strip()
    if not raw.lstrip("-").isdigit() or not lowest <= int(raw) <= highest:
        raise ConfigError(f"{name} must be a whole number from {lowest} to {highest}, not {raw!r}.")
    return int(raw)


def _base_url(env, production: bool) -> str:
    """The site's public address, printed in certificate QR codes and emails: production must say it,
    and only a web address will do."""
    url = env.get("ELEARN_BASE_URL", "").strip()
    if not url:
        if production:
            raise ConfigError(
                "ELEARN_BASE_URL must be set when ELEARN_ENV=production, to the address people open "
                "(for example: https://elearn.bpsdm.lampungprov.go.id); certificates print it."
            )
        return "http://127.0.0.1:5000"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"ELEARN_BASE_URL must be an http:// or https:// address, not {url!r}.")
    return url


def _choice(env, name: str, choices: tuple[str, ...]) -> str:
    value = env.get(name, choices[0])
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def load_config(instance_path: str, environ: dict | None = None) -> dict:
    """Return Flask config values derived from ELEARN_* environment variables."""
    env = os.environ if environ is None else environ
    production = env.get("ELEARN_ENV", "development") == "production"
    secret_key = env.get("ELEARN_SECRET_KEY")
    if production and not secret_key:
        raise ConfigError(
            "ELEARN_SECRET_KEY must be set when ELEARN_ENV=production "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    session_lifetime = timedelta(days=_whole_number(env, "ELEARN_SESSION_DAYS", 30, 1, 365))
    default_db = "sqlite:///" + str(Path(instance_path) / "elearn.sqlite3")
    return {
        "ELEARN_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key or DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": env.get("ELEARN_DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ELEARN_CONTENT_DIR": env.get("ELEARN_CONTENT_DIR", "content"),
        "ELEARN_TIMEZONE": env.get("ELEARN_TIMEZONE", "Asia/Jakarta"),
        "ELEARN_PROXY_HOPS": _whole_number(env, "ELEARN_PROXY_HOPS", 0, 0, 10),
        "ELEARN_YEARLY_JP_TARGET": 20,
        # Named as the provider of each course in the JP ledger (the agencies' evidence record).
        "ELEARN_PROVIDER_NAME": env.get("ELEARN_PROVIDER_NAME", "BPSDM Provinsi Lampung"),
        "ELEARN_STALLED_DAYS": _whole_number(env, "ELEARN_STALLED_DAYS", 14, 1, 365),
        # Below this percent on a competency's or topic's questions, it counts as not yet mastered.
        "ELEARN_MASTERY_PERCENT": _whole_number(env, "ELEARN_MASTERY_PERCENT", 70, 1, 100),
        "ELEARN_SMTP_HOST": env.get("ELEARN_SMTP_HOST"),
        "ELEARN_SMTP_PORT": _whole_number(env, "ELEARN_SMTP_PORT", 25, 1, 65535),
        "ELEARN_MAIL_FROM": env.get("ELEARN_MAIL_FROM", "elearn@localhost"),
        "ELEARN_BASE_URL": _base_url(env, production),
        # How queued emails leave: "inline" sends them in the request right after its commit; "rq"
        # enqueues them on Redis (ELEARN_REDIS_URL) for `flask outbox worker`.
        "ELEARN_JOB_QUEUE": _choice(env, "ELEARN_JOB_QUEUE", ("inline", "rq")),
        "ELEARN_REDIS_URL": env.get("ELEARN_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "RATELIMIT_STORAGE_URI": env.get("ELEARN_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Sessions: one signed cookie, kept for weeks so a learner on a phone stays signed in; the
        # remember-me cookie lasts as long, and either ends at sign-out (auth.sessions).
        "PERMANENT_SESSION_LIFETIME": int(session_lifetime.total_seconds()),
        "REMEMBER_COOKIE_DURATION": session_lifetime,
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # The CSRF token lives as long as the session, so cached pages keep working forms.
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": env.get("ELEARN_TIMEZONE", "Asia/Jakarta"),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
