"""Configuration comes from the environment and production mode refuses unsafe defaults."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_secret


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
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
            "DEBUG": "0",
            "SECRET_KEY": "k9#Lq2!vZ8@mR4$tW6^yB1&nE3*pH7(sJ5)dF0-gA-uC2%wX9+rT4=zQ6",
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
