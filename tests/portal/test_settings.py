"""Configuration comes from the environment and production mode refuses unsafe defaults."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_secret

PRODUCTION_KEYS = {
    "SECRET_KEY": "k9#Lq2!vZ8@mR4$tW6^yB1&nE3*pH7(sJ5)dF0-gA-uC2%wX9+rT4=zQ6",
    "IDENTITY_KEYS": "Vx3v8f0sPq9nS2f1yZk4Jm7Qw6Er5Ty8Ui9Op0As1Dc=,Jd8qL2mX6pZ9sV4bN7cR1tY5wE3uI0oA8kF2gH6jQ4w=",
    "IDENTITY_HASH_KEY": "8e1c9f47b2d64a0b93f5e7c1d8a2b6f4c0e9d3a7b5f1c8e2d6a4b0f9e3c7d1a5",
}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", *PRODUCTION_KEYS}}
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, timeout=60)


def test_env_helpers_read_typed_values(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret_file))
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST") == ["a.example", "b.example"]
    assert env_secret("X_SECRET") == "from-a-file"


def test_env_helpers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 0)


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_python("import portal.wsgi", DEBUG="0", ALLOWED_HOSTS="danvan.example.gov.vn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_the_development_secret_key():
    from portal.settings import DEV_SECRET_KEY

    result = run_python("import portal.wsgi", DEBUG="0", SECRET_KEY=DEV_SECRET_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_to_start_without_the_identity_keys():
    secret = {"SECRET_KEY": PRODUCTION_KEYS["SECRET_KEY"], "ALLOWED_HOSTS": "danvan.example.gov.vn"}
    no_keys = run_python("import portal.wsgi", DEBUG="0", **secret)
    assert no_keys.returncode != 0 and "IDENTITY_KEYS must be set" in no_keys.stderr
    no_hash = run_python("import portal.wsgi", DEBUG="0", IDENTITY_KEYS=PRODUCTION_KEYS["IDENTITY_KEYS"], **secret)
    assert no_hash.returncode != 0 and "IDENTITY_HASH_KEY must be set" in no_hash.stderr
    bad = run_python("import portal.wsgi", DEBUG="0", **{**PRODUCTION_KEYS, "IDENTITY_KEYS": "not-a-key"})
    assert bad.returncode != 0 and "not a Fernet key" in bad.stderr and "not-a-key" not in bad.stderr
    assert run_python("import portal.wsgi", DEBUG="0", **PRODUCTION_KEYS, ALLOWED_HOSTS="x").returncode == 0


def test_production_mode_refuses_the_development_identity_key():
    from portal.settings import DEV_IDENTITY_KEYS

    result = run_python("import portal.wsgi", DEBUG="0", **{**PRODUCTION_KEYS, "IDENTITY_KEYS": DEV_IDENTITY_KEYS[0]})
    assert result.returncode != 0 and "development key" in result.stderr


def test_a_worker_refuses_to_start_in_production_mode_without_the_identity_keys():
    code = "from portal.celery import app; from celery.signals import worker_init; worker_init.send(sender=None)"
    result = run_python(code, DEBUG="0", SECRET_KEY=PRODUCTION_KEYS["SECRET_KEY"])
    assert result.returncode != 0 and "IDENTITY_KEYS must be set" in result.stderr


def test_check_deploy_reports_missing_identity_keys():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", *PRODUCTION_KEYS}},
            "SECRET_KEY": PRODUCTION_KEYS["SECRET_KEY"],
            "DEBUG": "0",
            "ALLOWED_HOSTS": "danvan.example.gov.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "portal.E002" in result.stderr + result.stdout


def test_check_deploy_reports_the_development_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}},
            "DEBUG": "0",
            "ALLOWED_HOSTS": "danvan.example.gov.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "portal.E001" in result.stderr + result.stdout


def test_management_commands_run_without_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            **PRODUCTION_KEYS,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "danvan.example.gov.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_postgresql_or_a_sqlite_file():
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    pg = run_python(
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); {code}",
        DEBUG="1",
        DATABASE_URL="postgres://u@127.0.0.1:5432/portal",
    )
    assert pg.stdout.split() == ["django.db.backends.postgresql", "portal"], pg.stderr
    lite = run_python(
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); {code}",
        DEBUG="1",
        DATABASE_URL="sqlite:////tmp/elsewhere.sqlite3",
    )
    assert lite.stdout.split() == ["django.db.backends.sqlite3", "/tmp/elsewhere.sqlite3"], lite.stderr
    default = run_python(
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); {code}",
        DEBUG="1",
    )
    assert default.stdout.split()[1].endswith("var/portal.sqlite3")


def test_without_redis_tasks_run_in_process():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup();"
        "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    assert run_python(code, DEBUG="1").stdout.split() == ["True", "memory://"]
    assert run_python(code, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0").stdout.split() == [
        "False",
        "redis://127.0.0.1:6379/0",
    ]
