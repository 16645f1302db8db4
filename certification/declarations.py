"""The applicant's declarations, one text each, used by the online application form
(forms.ApplicationForm) and by the downloadable forms (info.application_pdf): one source, so the
paper and the screen never say different things.

004 (application) ал.3: "Заявителят следва да декларира, че е запознат с условията на
сертифициращия процес и със задълженията на лицето, сертифицирано за управление на проекти."
"""

from flask_babel import lazy_gettext as _l

# name (the form's field and the application's column) -> the sentence the applicant declares.
DECLARATIONS = {
    "consents_data": _l(
        "I consent, informed and of my own will, to the processing of the personal data I give"
    ),
    "data_accurate": _l(
        "I give this information knowingly and of my own will, and vouch that it is true, "
        "accurate and complete"
    ),
    "knows_conditions": _l("I know the conditions of certification"),
    "lists_public": _l("I know that the lists of certificate holders are public"),
    "knows_misuse": _l(
        "I know the consequences of misusing the certificate and of breaking my commitment "
        "to project management"
    ),
    "ethics": _l("I accept the ethics obligations"),
}
