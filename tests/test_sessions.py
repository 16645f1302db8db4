"""Issue 11, points 1-5: secret key, links in mail, sessions that end, the outbox, caching and logs."""

import os
import stat

import pytest
from flask import Flask

from portal import create_app
from portal.config import DEVELOPMENT_SECRET_KEY, SECRET_KEY_FILE, instance_secret_key, load_config

# --- 1. A known secret key -----------------------------------------------------------------------


@pytest.mark.parametrize("key", [DEVELOPMENT_SECRET_KEY, ""])
def test_production_refuses_the_development_or_an_empty_key(database_url, tmp_path, key, monkeypatch):
    """Outside debug and tests, create_app raises with the development key or an empty one."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": database_url, "SECRET_KEY": key, "DATA_DIR": str(tmp_path)})


def test_debug_and_tests_may_use_the_development_key(database_url, tmp_path):
    """Tests (and debug) still start with the development key."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": DEVELOPMENT_SECRET_KEY})
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_the_instance_key_is_made_once_and_kept(tmp_path, monkeypatch):
    """instance_secret_key (what `make run` calls): a long random key, readable by its owner only,
    the same on every later run; load_config uses it when the environment sets no SECRET_KEY."""
    path = tmp_path / "instance" / SECRET_KEY_FILE
    first = instance_secret_key(str(path))
    assert len(first) >= 64 and first != DEVELOPMENT_SECRET_KEY
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert instance_secret_key(str(path)) == first
    assert instance_secret_key(str(tmp_path / "other" / SECRET_KEY_FILE)) != first

    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = Flask("probe", instance_path=str(tmp_path / "instance"))
    load_config(app)
    assert app.config["SECRET_KEY"] == first
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    load_config(app)
    assert app.config["SECRET_KEY"] == "from-the-environment"
