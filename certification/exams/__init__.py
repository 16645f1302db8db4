"""BAUP certification (004), the written exam: sessions, the invigilator's protocol, marks entered by
assessors who see candidate IDs only, their reconciliation, publication under disclosure control,
the public look-up by ID (only what the public page shows), and the candidate's own result, feedback
and appeal, for the candidate alone (logged in, or with the personal access code). Never sees
`request`.

A package: sessions (scheduling, seating, the protocol), marking (assessors, marks,
publication) and results (the public look-up, the candidate's own result, feedback, appeals);
this module re-exports their names, so `from certification import exams; exams.publish(...)` works."""

from certification.exams.marking import (  # noqa: F401 - the package's names
    _settle,
    assign_assessor,
    cheating_reports,
    decide_cheating,
    enter_mark,
    format_mark,
    is_markable,
    mark_decimals,
    mark_step,
    mark_value,
    pass_mark,
    publish,
    reconciliation,
    record_agreement,
    seats_for_assessor,
)
from certification.exams.results import (  # noqa: F401 - the package's names
    _candidates_own,
    _published_seat,
    answer_feedback,
    ask_feedback,
    decide_appeal,
    feedback_for_lead,
    file_admission_appeal,
    file_appeal,
    is_the_candidate,
    lead_assessor,
    own_result,
    public_lookup,
    public_results,
    result_of,
    results_of,
)
from certification.exams.sessions import (  # noqa: F401 - the package's names
    GROUP,
    MAX_MINUTES_LATE,
    _protocol_row,
    _refuse_before_marks_known,
    _require_group,
    _whole_number,
    candidate_by_id,
    certification_fee_overdue,
    file_protocol,
    next_stage_allowed_from,
    refuse_stage_before_marks_known,
    refuse_unless_may_take_stage,
    schedule_session,
    seat_candidate,
    seated_ids,
    session_may_be_held,
    set_next_stage,
    stage_allowed_from,
)
