"""Settings read from the environment, with defaults that work on a laptop with no set-up."""

import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """A setting is missing or wrong; start-up stops with this message."""


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
    default_db = "sqlite:///" + str(Path(instance_path) / "elearn.sqlite3")
    return {
        "ELEARN_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key or DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": env.get("ELEARN_DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ELEARN_CONTENT_DIR": env.get("ELEARN_CONTENT_DIR", "content"),
        "ELEARN_TIMEZONE": env.get("ELEARN_TIMEZONE", "Asia/Jakarta"),
        "ELEARN_PROXY_HOPS": int(env.get("ELEARN_PROXY_HOPS", "0")),
        "ELEARN_YEARLY_JP_TARGET": 20,
        # Named as the provider of each course in the JP ledger (the agencies' evidence record).
        "ELEARN_PROVIDER_NAME": env.get("ELEARN_PROVIDER_NAME", "BPSDM Provinsi Lampung"),
        "ELEARN_STALLED_DAYS": int(env.get("ELEARN_STALLED_DAYS", "14")),
        # Below this percent on a competency's or topic's questions, it counts as not yet mastered.
        "ELEARN_MASTERY_PERCENT": int(env.get("ELEARN_MASTERY_PERCENT", "70")),
        "ELEARN_SMTP_HOST": env.get("ELEARN_SMTP_HOST"),
        "ELEARN_SMTP_PORT": int(env.get("ELEARN_SMTP_PORT", "25")),
        "ELEARN_MAIL_FROM": env.get("ELEARN_MAIL_FROM", "elearn@localhost"),
        "ELEARN_BASE_URL": env.get("ELEARN_BASE_URL", "http://127.0.0.1:5000"),
        "RATELIMIT_STORAGE_URI": env.get("ELEARN_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Sessions: one signed cookie, kept for weeks so a learner on a phone stays signed in.
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 30,
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
