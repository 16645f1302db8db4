"""BAUP certification on the web: the public pages (how to apply, the assessors, results by ID, a
candidate's own result) and the applicant's, the Group's, the Board's and the assessors' pages.

Views are short: a form, a service call, a redirect or the page again with its errors.

One blueprint, a module per seam: public (how to apply, schedule, results, a candidate's own
result), applications (the list, the page, the applicant's data and files), admission (the moves,
the entry check, declarations, the hearing, the appeal), candidates (report, interview, hand-ins,
the certificate's decisions), sessions (exams, marking, appeals); common holds what they share.
One route per step: no hidden `action` field to switch on."""

# The views register their routes on bp when imported.
from certification.views import admission, applications, candidates, common, info, public, sessions  # noqa: E402, F401
from certification.views.blueprint import bp  # noqa: F401 - the package's blueprint
