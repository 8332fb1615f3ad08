"""Settings as a whole process sees them: startup with and without DEBUG, and
the deploy check of production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(env: dict, code: str = "import django; django.setup()"):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SITE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "bulletin_cms.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_startup_when_debug_is_off():
    result = run_django({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_supplies_development_defaults():
    result = run_django(
        {"DEBUG": "1"},
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLOWED_HOSTS, settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ)",
    )
    assert result.returncode == 0, result.stderr
    assert "'127.0.0.1'" in result.stdout
    assert "zh-hans Asia/Shanghai True" in result.stdout


def test_production_needs_the_site_address_for_links_in_mail():
    result = run_django({"DEBUG": "0", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
    result = run_django(
        {"DEBUG": "0", "SECRET_KEY": "x" * 60, "SITE_URL": "bulletin.example.cn"}
    )
    assert result.returncode != 0
    assert "SITE_URL must be the site's address" in result.stderr
    result = run_django(
        {**PRODUCTION, "SITE_URL": "https://bulletin.example.cn/"},
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SITE_URL)",
    )
    assert result.stdout.strip() == "https://bulletin.example.cn"


def test_production_uses_manifest_static_storage_and_no_default_hosts():
    result = run_django(
        {"DEBUG": "0", "SECRET_KEY": "x" * 60, "SITE_URL": "https://example.cn"},
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLOWED_HOSTS, settings.STORAGES['staticfiles']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == "[] whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "".join(chr(ord("a") + i % 26) for i in range(60)),
    "ALLOWED_HOSTS": "bulletin.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://bulletin.example.cn",
    "CACHE_URL": "redis://127.0.0.1:6379/12",
    "SITE_URL": "https://bulletin.example.cn",
}


def check_deploy(env: dict):
    # Only what a production process would have: nothing of the test run's
    # own environment (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests…).
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_every_deploy_check():
    result = check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"CACHE_URL": "locmem://"}, "issues.W001"),
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"SITE_URL": "http://bulletin.example.cn"}, "issues.W004"),
        ({"SITE_URL": "https://bulletin.example.com"}, "issues.W005"),
    ],
)
def test_deploy_check_fails_on_a_weakened_setting(change, warning):
    result = check_deploy({**PRODUCTION, **change})
    assert result.returncode != 0
    assert warning in result.stderr


def test_production_session_and_login_settings_come_from_the_environment():
    result = run_django(
        {
            **PRODUCTION,
            "SESSION_HOURS": "2",
            "LOGIN_FAILURE_LIMIT": "4",
            "LOGIN_LOCKOUT_MINUTES": "15",
        },
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.AXES_FAILURE_LIMIT,"
        " s.AXES_COOLOFF_TIME.seconds)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7200", "True", "True", "True", "DENY", "4", "900"]
