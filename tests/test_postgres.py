"""The suite's PostgreSQL run really runs on PostgreSQL."""

import os

import peewee
import pytest

from portal.db import database
from tests.conftest import skip_or_fail
from tests.factories import make_licence

pytestmark = pytest.mark.postgres


@pytest.fixture
def on_postgres(app):
    """Skip (or fail, with REQUIRE_POSTGRES=1) unless TEST_DATABASE_URL points at PostgreSQL."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        skip_or_fail("REQUIRE_POSTGRES", "TEST_DATABASE_URL does not name a PostgreSQL database")
    return app


def test_database_is_postgresql(on_postgres):
    """The proxy is bound to PostgreSQL and the server answers."""
    with on_postgres.app_context():
        assert isinstance(database.obj, peewee.PostgresqlDatabase)
        version = database.execute_sql("SHOW server_version").fetchone()[0]
        assert int(version.split(".")[0]) >= 12


def test_cyrillic_search_on_postgresql(on_postgres):
    """The basic search folds Cyrillic case the same way on PostgreSQL."""
    with on_postgres.app_context():
        make_licence(number="202200001", name="ЦПО „Юпитер“")
    client = on_postgres.test_client()
    assert "202200001" in client.get("/licences/?q=ЮПИТЕР").text
