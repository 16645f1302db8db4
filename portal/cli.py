"""Operations through the flask CLI: the database and users here; each domain adds its own."""

import os

import click
from flask.cli import AppGroup

from portal.db import database

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")

db_cli = AppGroup("db", help="Database schema.")
users_cli = AppGroup("users", help="Staff accounts.")


def migration_router():
    """peewee-migrate's router over the project's migrations folder."""
    from peewee_migrate import Router

    return Router(database.obj, migrate_dir=MIGRATIONS, ignore=["basemodel"])


def upgrade_database():
    """Apply every migration not yet applied; returns the names applied.

    On SQLite, foreign keys are off while the migrations run, as SQLite's own procedure for schema
    changes asks: peewee-migrate adds a NOT NULL column by rebuilding the table, and dropping the old
    table with foreign keys on deletes every row that refers to it ON DELETE CASCADE (a session's
    seats, marks and appeals, silently) or fails on RESTRICT. The references are checked after."""
    import peewee

    router = migration_router()
    todo = router.diff
    sqlite = isinstance(database.obj, peewee.SqliteDatabase)
    if sqlite:
        database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        router.run()
    finally:
        if sqlite:
            database.execute_sql("PRAGMA foreign_keys = ON")
    if sqlite:
        broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise click.ClickException(f"the migrations left rows with broken references: {broken[:5]}")
    return todo


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending schema migrations."""
    applied = upgrade_database()
    click.echo(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))


@db_cli.command("status")
def db_status():
    """List applied and pending migrations."""
    router = migration_router()
    for name in router.done:
        click.echo(f"applied  {name}")
    for name in router.diff:
        click.echo(f"pending  {name}")


def set_password_link(user):
    """The absolute set-password URL for a user, on the site's public address (PUBLIC_BASE_URL)."""
    from portal.accounts import set_password_token
    from portal.web import public_url

    return public_url("accounts.set_password", token=set_password_token(user))


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, help="napoo_officer, napoo_expert, napoo_committee, napoo_chair or admin"
)
@click.option("--name", default="", help="Full name shown in the audit log.")
@click.option("--send", is_flag=True, help="Also e-mail the link to the user.")
def users_create(email, role, name, send):
    """Create a staff user and print the link where they set their password."""
    from portal.accounts import ROLES, User, create_user

    if role not in ROLES:
        raise click.BadParameter(f"choose one of {', '.join(ROLES)}", param_hint="--role")
    if User.by_email(email):
        raise click.ClickException(f"a user with e-mail {email} already exists")
    with database.atomic():
        user = create_user(email, role, name)
    link = set_password_link(user)
    click.echo(f"created {user.email} ({user.role})")
    click.echo(f"set-password link: {link}")
    if send:
        from flask_babel import gettext as _

        from portal.accounts import send_set_password_link

        send_set_password_link(
            user,
            _("Registar: set your password"),
            _("An account was created for you on Registar."),
            link=link,  # the one printed above
        )
        click.echo(f"the link was sent to {user.email}")


@users_cli.command("link")
@click.argument("email")
def users_link(email):
    """Print a fresh set-password link for an existing user."""
    from portal.accounts import User

    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    click.echo(set_password_link(user))


def init_app(app):
    """Register the command groups."""
    from certification.cli import certification_cli
    from portal.rule_index import rules_cli
    from register.cli import demo_logins, places_cli, professions_cli, register_cli
    from search_index.cli import search_cli

    for group in (
        db_cli,
        users_cli,
        register_cli,
        places_cli,
        professions_cli,
        search_cli,
        certification_cli,
        rules_cli,
    ):
        app.cli.add_command(group)
    app.cli.add_command(demo_logins)
