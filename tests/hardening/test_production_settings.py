"""Production settings (DJANGO_ENV=production): deploy checks clean, secrets required, headers and static files."""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="bayegan.example",
        BAYEGAN_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="archive.settings",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "needs SECRET_KEY"),
        ({"DEBUG": "true"}, "refuses DEBUG"),
        ({"ALLOWED_HOSTS": ""}, "needs ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_unsafe_configuration(tmp_path, change, message):
    env = production_env(tmp_path)
    env.update(change)
    result = manage(env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_local_defaults_still_work_without_any_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ENV", "ALLOWED_HOSTS"}}
    env["BAYEGAN_VAR_DIR"] = str(tmp_path)
    assert manage(env, "check").returncode == 0


SETTINGS_DUMP = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({k: getattr(settings, k) for k in (
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "STORAGES", "CSRF_TRUSTED_ORIGINS", "LOG_FORMAT", "TRUSTED_PROXY_COUNT")}))
"""


def test_production_values_and_their_switches(tmp_path):
    dump = subprocess.run(
        [sys.executable, "-c", SETTINGS_DUMP], cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True
    )
    values = json.loads(dump.stdout)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://bayegan.example"]
    assert values["LOG_FORMAT"] == "json"
    assert values["TRUSTED_PROXY_COUNT"] == 1

    env = production_env(tmp_path, SECURE_SSL_REDIRECT="false", BEHIND_PROXY="false")
    dump = subprocess.run([sys.executable, "-c", SETTINGS_DUMP], cwd=ROOT, env=env, capture_output=True, text=True)
    values = json.loads(dump.stdout)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["TRUSTED_PROXY_COUNT"] == 0


def test_collectstatic_writes_hashed_compressed_files(tmp_path):
    env = production_env(tmp_path)
    result = manage(env, "collectstatic", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr
    static = tmp_path / "staticfiles"
    manifest = json.loads((static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (static / hashed).exists() and (static / f"{hashed}.gz").exists()


@pytest.mark.django_db
def test_every_page_carries_a_self_only_content_security_policy(client):
    response = client.get("/api/schema")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "http" not in policy and "*" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_no_cors_headers_even_when_asked_cross_origin(client):
    response = client.get("/api/schema", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    preflight = client.options(
        "/api/articles/x", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]


@pytest.mark.django_db
def test_request_log_is_one_json_line_per_request(client, caplog):
    from archive.logging import JsonLineFormatter

    with caplog.at_level(logging.INFO, logger="archive.request"):
        client.get("/api/articles/%3Cscript%3E", headers={"User-Agent": "probe\nforged: line"})
    (record,) = [r for r in caplog.records if r.name == "archive.request"]
    line = JsonLineFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["status"] == 404 and entry["method"] == "GET" and entry["path"] == "/api/articles/<script>"
    assert entry["client"] == "127.0.0.1" and entry["duration_ms"] >= 0 and entry["request_id"]
    assert entry["user_agent"] == "probe\nforged: line"  # kept, but escaped inside one JSON line


def test_gunicorn_config_loads():
    config: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)
    assert config["bind"].startswith("127.0.0.1:") and config["workers"] >= 1 and config["accesslog"] is None
