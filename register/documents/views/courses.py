"""The register of issued documents: courses views (see the package's docstring)."""

from register.documents.views import bp  # noqa: F401
