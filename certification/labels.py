"""Names people read for the certification codes, in the message catalogues."""

from flask_babel import lazy_gettext as _l

from certification import models

CERT_STATES = {
    models.DRAFT: _l("Being prepared"),
    models.SUBMITTED: _l("Submitted: being reviewed"),
    models.INCOMPLETE: _l("Incomplete: to be completed"),
    models.VOID: _l("Void"),
    models.COMPLETE: _l("Complete: before the Board"),
    models.ADMITTED: _l("Admitted"),
    models.REFUSED: _l("Refused"),
    models.WITHDRAWN: _l("Withdrawn"),
}
CERT_MISSING = {
    "consents_data": _l("your consent to the processing of your personal data"),
    "data_accurate": _l("the declaration that your data are accurate, true and complete"),
    "knows_misuse": _l("the declaration that you know the consequences of misusing the certificate"),
    "knows_conditions": _l("the declaration that you know the conditions"),
    "lists_public": _l("the declaration that the lists of holders are public"),
    "ethics": _l("the declaration on ethics"),
    "referees": _l("at least two referees"),
    "projects": _l("your projects, programmes or portfolios"),
    "self_assessment": _l("the self-assessment"),
    "report_project": _l("the project of your report and its sector (level C)"),
    "cv": _l("your CV"),
    "initial_fee": _l("the proof of the initial fee"),
    "previous_certificate": _l("the number of the certificate to renew"),
    "projects_since": _l("only projects since the certificate to renew (remove the earlier ones)"),
}
CERT_FILES = {
    "cv": _l("CV"),
    "initial_fee": _l("Proof of the initial fee"),
    "certification_fee": _l("Proof of the certification fee"),
}
CERT_ACTIONS = {
    "register": _l("Registered"),
    "submit": _l("Submitted"),
    "incomplete": _l("Found incomplete"),
    "complete": _l("Found complete"),
    "void": _l("Void: not completed in time"),
    "admit": _l("Admitted by the Board"),
    "refuse": _l("Refused by the Board"),
    "withdraw": _l("Withdrawn"),
    "attach": _l("Document attached"),
    "opinion": _l("An assessor's opinion"),
    "notice": _l("Notice of the decision sent"),
    "annulled": _l("Procedure annulled by the Board: proven cheating"),
    "cheating_reported": _l("Cheating reported to the Board in the invigilator's protocol"),
    "cheating_not_proven": _l("The Board found the reported cheating not proven"),
    "moved": _l("Moved to a later exam: fewer than two candidates were let in"),
    "ban": _l("Barred for 3 years: knowingly false data"),
    "entry_propose": _l("The Group proposed an assessor for the entry check"),
    "entry_appoint": _l("The Board appointed an assessor for the entry check"),
    "hearing_notice": _l("Told of misleading data, with the right to be heard"),
    "hearing": _l("The hearing's outcome recorded"),
    "void_false_data": _l("Void: misleading data, after the hearing"),
}
CERT_LINKS = {
    "known": _l("known to the applicant"),
    "related": _l("related to the candidate (declared by the assessor)"),
    "trained": _l("trained the candidate on project management (declared by the assessor)"),
}
CERT_NEEDS = {
    "first_mark": _l("not marked yet"),
    "second_mark": _l("waiting for the other assessors' marks"),
    "consensus": _l("the marks differ by 20 points or more: agree a mark"),
    "arbiter": _l("no agreement: the Board appoints an arbiter"),
}
CERT_GROUPS = {
    "technical": _l("technical"),
    "behavioural": _l("behavioural"),
    "contextual": _l("contextual"),
}
CERT_GUIDANCE = {
    "pages_below": _l("fewer pages than recommended"),
    "pages_above": _l("more pages than recommended"),
    "annexes_above": _l("more annexes than recommended"),
}
CERTIFICATE_STATUS = {
    "valid": _l("valid"),
    "expired": _l("expired"),
    "withdrawn": _l("withdrawn"),
    "not_yet_valid": _l("not yet valid"),
}
CERTIFICATE_EVENTS = {
    "issued": _l("Issued"),
    "expired": _l("Expired: its validity ended"),
    "withdrawn": _l("Withdrawn"),
    "replaced": _l("Replaced by a new certificate"),
    "reminder": _l("Renewal reminder sent"),
}
CERT_ELEMENTS = {
    "written_exam": _l("the written exam"),
    "report": _l("the report"),
    "interview": _l("the interview"),
}
