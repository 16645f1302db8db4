"""The register of issued documents on the web: one blueprint, its views by who uses them:
`courses` (a centre's courses and participants; its blanks are register.blanks'), `checks` (the
documents, NAPOO's check, the queue), `public` (verification and the public counts)."""

# The routes, registered on `bp` as each module is imported.
from register.documents.views import checks, courses, public  # noqa: E402, F401
from register.documents.views.blueprint import bp  # noqa: F401 - the package's blueprint
