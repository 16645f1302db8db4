"""Names people read for the register of issued documents' codes, in the message catalogues."""

from flask_babel import lazy_gettext as _l

from register.documents import models, rules

KIND_LABELS = {
    rules.QUALIFICATION: _l("Certificate of vocational qualification"),
    rules.TRAINING: _l("Certificate of vocational training"),
    rules.VALIDATION: _l("Certificate of validation of a vocational qualification"),
    rules.PART_VALIDATION: _l("Certificate of validation of part of a profession"),
    rules.CAPACITY: _l("Certificate of legal capacity"),
    rules.WELDING: _l("Certificate of legal capacity in welding"),
    rules.EUROPASS: _l("Europass certificate supplement"),
}
STATE_LABELS = {
    models.DRAFT: _l("Being prepared by the centre"),
    models.SUBMITTED: _l("Waiting for NAPOO's check"),
    models.RETURNED: _l("Returned for fixes"),
    models.RESUBMITTED: _l("Fixed: waiting for NAPOO's repeated check"),
    models.CLEARED: _l("Checked: the centre registers it"),
    models.REGISTERED: _l("In the register"),
    models.REFUSED: _l("Not entered in the register"),
}
ACTION_LABELS = {
    "create": _l("Entered by the centre"),
    "edit": _l("Data changed by the centre"),
    "create_duplicate": _l("Duplicate entered"),
    "submit": _l("Sent to NAPOO for its check"),
    "clear": _l("Checked: the requirements are met"),
    "return": _l("Returned to the centre for fixes"),
    "resubmit": _l("Fixed and sent again"),
    "refuse": _l("Not entered: the requirements are not met after the repeated check"),
    "register": _l("Entered in the register"),
}
CONDITION_LABELS = {
    "on_course_list": _l("The person is on the course's list (annex 2, point 1)"),
    "applied_for_validation": _l("The person applied for the validation procedure"),
    "speciality_licensed": _l("The profession and speciality are in the centre's licence"),
    "profession_listed": _l("The profession was on the List of professions when the course began"),
    "framework_programme": _l(
        "The framework programme's requirements: entry level, form, duration, minimum hours"
    ),
    "teachers_and_premises": _l("The teachers' qualification and the premises meet the standard"),
    "art_13g": _l("The requirements of art. 13г of the Vocational Education and Training Act"),
    "comparison_protocols": _l("The comparison protocols are available"),
    "passed_exam": _l("The person passed the exam, by its protocol"),
    "form_filled": _l("The document is filled in as required"),
    "factory_number": _l("The blank's factory number is one the centre registered, used once"),
}
COURSE_KIND_LABELS = {
    models.TRAINING_COURSE: _l("Training"),
    models.VALIDATION_COURSE: _l("Validation"),
}
EXAM_RESULT_LABELS = {
    "": _l("No exam yet"),
    "passed": _l("Passed"),
    "failed": _l("Failed"),
    "absent": _l("Absent"),
}
