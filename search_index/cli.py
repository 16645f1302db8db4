"""flask search reindex: rebuild the search index, with a progress bar."""

import time

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def reindex_command():
    """Rebuild every register's documents in one transaction; the site keeps serving the old index."""
    from register.search import reindex

    started = time.perf_counter()
    with click.progressbar(length=1, label="licences", show_pos=True) as bar:

        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        count = reindex(progress=progress)
    click.echo(f"indexed {count} licences in {time.perf_counter() - started:.1f} s")
