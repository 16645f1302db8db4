"""flask register|places|professions: import, demo data, exports."""

import secrets

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from portal.db import database

register_cli = AppGroup("register", help="The register of licensed centres.")
places_cli = AppGroup("places", help="The EKATTE classifier of settlements.")
professions_cli = AppGroup("professions", help="The List of professions (СППОО).")

DEMO_USERS = (
    ("officer@demo.registar.test", "napoo_officer", "Demo officer"),
    ("expert@demo.registar.test", "napoo_expert", "Demo expert"),
    ("committee@demo.registar.test", "napoo_committee", "Demo expert committee"),
    ("chair@demo.registar.test", "napoo_chair", "Demo chair"),
    ("admin@demo.registar.test", "admin", "Demo admin"),
    ("group@demo.registar.test", "scheme_group", "Demo Scheme Management Group"),
    ("assessor@demo.registar.test", "assessor", "Demo assessor"),
    ("assessor2@demo.registar.test", "assessor", "Demo assessor 2"),
    ("board@demo.registar.test", "board", "Demo Board"),
    ("appeals@demo.registar.test", "appeals", "Demo Appeals Committee"),
)


@places_cli.command("load")
def places_load():
    """Load or refresh regions, municipalities and settlements from the shipped EKATTE files."""
    from register.places import load_places

    regions, municipalities, settlements = load_places()
    click.echo(f"{regions} regions, {municipalities} municipalities, {settlements} settlements")


@professions_cli.command("import")
@click.argument("path", required=False)
def professions_import(path):
    """Import the List of professions from NAPOO's spreadsheet (.xlsx or .csv); default: shipped subset."""
    from register.professions import SHIPPED, ProfessionsImportError, import_professions

    try:
        report = import_professions(path or SHIPPED)
    except (ProfessionsImportError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{report['fields']} fields, {report['professions']} professions, "
        f"{report['specialities']} specialities, {len(report['rejected'])} rejected"
    )
    for line, reason in report["rejected"]:
        click.echo(f"row {line}: {reason}")


@register_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def register_import(path):
    """Import licences from a .csv or .json file (see README: data formats)."""
    from register.importer import RowError, import_file

    try:
        report = import_file(path)
    except (RowError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    for line in report.lines():
        click.echo(line)


@register_cli.command("centre-account")
@click.argument("email")
@click.argument("licence_number")
def register_centre_account(email, licence_number):
    """Let EMAIL act for the centre of LICENCE_NUMBER (a `centre` user is created if needed) and
    print the link where the user sets a password."""
    from portal.cli import set_password_link
    from register.documents.courses import create_centre_account
    from register.documents.workflow import DocumentError

    try:
        user, created = create_centre_account(email, licence_number)
    except DocumentError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(
        f"{'created' if created else 'linked'} {user.email} ({user.role}) for licence {licence_number}"
    )
    click.echo(f"set-password link: {set_password_link(user)}")


@register_cli.command("demo")
@click.option("--centres", default=1000, show_default=True, help="How many centres to generate.")
@click.option("--seed", default=2018, show_default=True, help="The same seed gives the same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the register has licences already.")
def register_demo(centres, seed, if_empty):
    """Load places, professions and a generated, fictional register through the importer."""
    from register.demo import load_demo
    from register.models import Licence
    from register.places import load_places, places_loaded
    from register.professions import import_professions

    if if_empty and Licence.select().exists():
        click.echo("the register has data already; demo not loaded")
        return
    if not places_loaded():
        load_places()
    import_professions()
    report = load_demo(centres, seed)
    for line in report.lines()[:20]:
        click.echo(line)


@register_cli.command("export")
def register_export():
    """Write the full CSV and JSON dumps served at /data/."""
    from register.export import write_dumps

    for fmt, path in write_dumps(current_app.config["DATA_DIR"]).items():
        click.echo(f"{fmt}: {path}")


@click.command("demo-logins")
@with_appcontext
def demo_logins():
    """Create the demo staff users and the demo licensing applications if missing, give the users
    (and the demo applicant) fresh random passwords, print them."""
    from certification.demo import seed_demo_certification
    from certification.outreach.demo import seed_demo_info_days
    from portal.accounts import User, create_user
    from register.blanks.demo import seed_demo_blanks
    from register.documents.demo import seed_demo_documents
    from register.licensing.demo import demo_applicant, seed_demo_applications
    from register.quality.demo import seed_demo_quality

    click.echo("Demo logins (passwords are new each time this runs):")
    with database.atomic():
        users = {}
        for email, role, name in DEMO_USERS:
            users[email] = User.by_email(email) or create_user(email, role, name)
        by_role = {user.role: user for user in users.values()}
        seed_demo_applications(by_role["napoo_officer"], by_role["napoo_expert"])
        assessors = [user for user in users.values() if user.role == "assessor"]
        person = seed_demo_certification(by_role["scheme_group"], by_role["board"], assessors)
        seed_demo_info_days(by_role["scheme_group"], by_role["board"])
        centre_user, sample = seed_demo_documents(by_role["napoo_officer"])
        seed_demo_blanks(centre_user)
        seed_demo_quality(centre_user)
        for user in [*users.values(), demo_applicant(), person, centre_user]:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save()
            click.echo(f"  {user.role:16} {user.email:32} {password}")
    if sample:
        kind, series, number, personal_number = sample
        click.echo("Verify a demo document at /documents/verify with (made-up values):")
        click.echo(f"  kind {kind}, series {series}, number {number}, ЕГН {personal_number}")
