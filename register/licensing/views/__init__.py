"""Licensing applications on the web: registration (public), the applicant's and NAPOO's pages.

Views are short: a form, a service call, a redirect or the form again with its errors. One
blueprint, its views by the procedure's stages: `applications` (registration, the lists, the steps
of services.TRANSITIONS), `drafting` (step 3, the application's content), `assessment` (steps 7-9,
the experts), `files` (the generated PDFs and the uploaded files); `procedure` builds the
application's page and its step forms."""

# The routes, registered on `bp` as each module is imported.
from register.licensing.views import applications, assessment, drafting, files  # noqa: E402, F401
from register.licensing.views.blueprint import bp  # noqa: F401 - the package's blueprint
