"""Settings: production refuses to start on a missing or wrong value instead of running badly."""

import pytest

from elearn.core.config import ConfigError, load_config

PRODUCTION = {"ELEARN_ENV": "production", "ELEARN_SECRET_KEY": "x" * 32, "ELEARN_BASE_URL": "https://elearn.example"}


def test_production_needs_the_public_base_url():
    with pytest.raises(ConfigError, match="ELEARN_BASE_URL must be set"):
        load_config("/tmp", {**PRODUCTION, "ELEARN_BASE_URL": ""})
    assert load_config("/tmp", PRODUCTION)["ELEARN_BASE_URL"] == "https://elearn.example"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://elearn.example", "elearn.example", "https://"])
def test_a_base_url_that_is_not_http_is_refused(url):
    with pytest.raises(ConfigError, match="ELEARN_BASE_URL"):
        load_config("/tmp", {**PRODUCTION, "ELEARN_BASE_URL": url})
    with pytest.raises(ConfigError, match="ELEARN_BASE_URL"):
        load_config("/tmp", {"ELEARN_BASE_URL": url})


def test_session_lifetime_is_a_setting_in_days():
    day = 24 * 60 * 60
    assert load_config("/tmp", {})["PERMANENT_SESSION_LIFETIME"] == 30 * day
    config = load_config("/tmp", {"ELEARN_SESSION_DAYS": "7"})
    assert config["PERMANENT_SESSION_LIFETIME"] == 7 * day
    assert config["REMEMBER_COOKIE_DURATION"].total_seconds() == 7 * day


@pytest.mark.parametrize("value", ["0", "-3", "tiga", "1.5", "400"])
def test_a_bad_session_lifetime_is_refused_with_the_setting_named(value):
    with pytest.raises(ConfigError, match=r"ELEARN_SESSION_DAYS must be a whole number from 1 to 365"):
        load_config("/tmp", {"ELEARN_SESSION_DAYS": value})


@pytest.mark.parametrize("name", ["ELEARN_PROXY_HOPS", "ELEARN_STALLED_DAYS", "ELEARN_MASTERY_PERCENT",
                                  "ELEARN_SMTP_PORT"])
def test_every_numeric_setting_names_itself_when_wrong(name):
    with pytest.raises(ConfigError, match=name):
        load_config("/tmp", {name: "banyak"})
