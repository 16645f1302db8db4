"""Access logs without credentials: a set-password link's token (or any signed token in a path,
a query or a Referer) is logged as [hidden], so whoever reads the log cannot use the link."""

import logging

from gunicorn.glogging import Logger

from portal.tokens import hide_credentials


def _hidden(values):
    """`values` (a tuple or a dict of log arguments) with the credentials in its strings hidden."""
    if isinstance(values, dict):
        return {key: hide_credentials(v) if isinstance(v, str) else v for key, v in values.items()}
    return tuple(hide_credentials(v) if isinstance(v, str) else v for v in values)


class HideCredentials(logging.Filter):
    """A logging filter for request logs (werkzeug's under `make dev`): hides tokens in the
    message's arguments and text."""

    def filter(self, record):
        """Rewrite the record in place; always keep it."""
        if isinstance(record.msg, str):
            record.msg = hide_credentials(record.msg)
        if record.args:
            record.args = _hidden(record.args)
        return True


class AccessLogger(Logger):
    """gunicorn's logger with every access-log atom (request line, path, query, headers such as
    the Referer) free of tokens: `make run` passes --logger-class portal.access_log.AccessLogger."""

    def atoms(self, resp, req, environ, request_time):
        """gunicorn's atoms, credentials hidden."""
        return _hidden(super().atoms(resp, req, environ, request_time))
