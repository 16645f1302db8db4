"""The register of issued documents: checks views (see the package's docstring)."""

from register.documents.views import bp  # noqa: F401
