"""flask certification expire|remind: the daily runs of the certificate register."""

import datetime

import click
from flask.cli import AppGroup

from portal.db import database

certification_cli = AppGroup("certification", help="BAUP certification: daily runs.")


def _day(value):
    return datetime.date.fromisoformat(value) if value else datetime.date.today()


@certification_cli.command("expire")
@click.option("--today", default="", help="YYYY-MM-DD (default: today)")
def expire(today):
    """Record the expiry of every certificate whose 5 years ended (for its history; the status is
    computed at every request anyway). Safe to run any number of times."""
    from certification.certificates import expire as run

    with database.atomic():
        click.echo(f"{run(_day(today))} expiries recorded")


@certification_cli.command("remind")
@click.option("--today", default="", help="YYYY-MM-DD (default: today)")
def remind(today):
    """E-mail holders 6, 3 and 1 months before expiry to recertify; each reminder once."""
    from certification.certificates import remind as run

    click.echo(f"{run(_day(today))} reminders sent")
