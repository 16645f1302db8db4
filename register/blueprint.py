"""The register's blueprint and who of NAPOO's staff edits the register: in a module of their own,
so that the public views (register.views) and the staff views (register.staff_views) both import
them without importing each other."""

from flask import Blueprint

bp = Blueprint("register", __name__)

EDITORS = ("napoo_officer", "napoo_chair")
