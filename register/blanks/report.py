"""The yearly report of factory-numbered blanks (001 art. 26, annex 5): generated from the data, per
kind, its arithmetic checked blank by blank, confirmed by the centre by 30 April of the next year and
then frozen (BlankReportLine), never deleted."""

import datetime

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.workflow import NOT_ALLOWED
from register.blanks import rules
from register.blanks.models import (
    BlankMark,
    BlankReport,
    BlankReportLine,
    batches_of,
    states_of,
    used_numbers,
)
from register.documents import rules as document_rules
from register.documents.models import CentreAccount
from register.documents.workflow import DocumentError

CONFIRMED = _l("This report is confirmed already.")
FIGURES = ("opening", "received", "used", "handed_over", "destroyed", "awaiting_destruction", "closing")


def _counts(centre_id, kind, day):
    """{state: count} of the centre's blanks of a kind received by `day`, as they stood on `day`;
    None (the day before any) gives zeros."""
    counts = dict.fromkeys(rules.BLANK_STATES, 0)
    counts["received"] = 0
    if day is None:
        return counts
    used = {}
    for batch in batches_of(centre_id, kind, received_by=day):
        counts["received"] += batch.count
        if batch.series not in used:  # a series' documents read once, not once per range
            used[batch.series] = used_numbers(centre_id, kind, batch.series, day)
        for state in states_of(
            centre_id,
            kind,
            batch.series,
            batch.first_number,
            batch.last_number,
            on=day,
            used=used[batch.series],
        ).values():
            counts[state] += 1
    return counts


def generate(centre_id, year):
    """The report of a year as the data stand, one dict per kind with a blank: the figures of annex 5
    and whether they add up (rules.report_adds_up). A confirmed report's figures are its own
    (`frozen`)."""
    report = BlankReport.of(centre_id, year)
    if report is not None:
        return [
            {**{f: getattr(line, f) for f in FIGURES}, "kind": line.kind, "adds_up": True}
            for line in report.lines
        ]
    rows = []
    for kind in document_rules.document_kinds():
        if not document_rules.factory_numbered(kind):
            continue
        before = _counts(centre_id, kind, datetime.date(year - 1, 12, 31))
        after = _counts(centre_id, kind, datetime.date(year, 12, 31))
        if not after["received"]:
            continue
        moved = {s: after[s] - before[s] for s in (rules.USED, rules.HANDED_OVER, rules.DESTROYED)}
        held = sum(before[s] for s in (rules.UNUSED, rules.SPOILED, rules.DEFECTIVE))
        previous = BlankReport.of(centre_id, year - 1)
        if previous is not None:  # the confirmed remainder carries over, as the paper report does
            line = previous.lines.where(BlankReportLine.kind == kind).first()
            held = line.closing if line is not None else held
        row = {
            "kind": kind,
            "opening": held,
            "received": after["received"] - before["received"],
            "used": moved[rules.USED],
            "handed_over": moved[rules.HANDED_OVER],
            "destroyed": moved[rules.DESTROYED],
            "awaiting_destruction": after[rules.SPOILED] + after[rules.DEFECTIVE],
        }
        row["closing"] = rules.closing_balance(
            row["opening"], row["received"], row["used"], row["handed_over"], row["destroyed"]
        )
        actual = after[rules.UNUSED] + after[rules.SPOILED] + after[rules.DEFECTIVE]
        row["adds_up"] = rules.report_adds_up(
            row["opening"],
            row["received"],
            row["used"],
            row["handed_over"],
            row["destroyed"],
            row["closing"],
            actual,
        )
        rows.append(row)
    return rows


def confirm(user, centre_id, year, today):
    """The centre confirms the generated report of a year that has ended (001 art. 26(4)); the figures
    are stored as they are, and a confirmed report is neither confirmed again nor deleted."""
    if not CentreAccount.acts_for(user, centre_id):
        raise DocumentError(NOT_ALLOWED)
    if not rules.blank_report_year_open(year, today):
        raise DocumentError(_l("A year's report is confirmed after the year has ended."))
    rows = generate(centre_id, year)
    if not all(row["adds_up"] for row in rows):
        raise DocumentError(_l("The figures do not add up: correct the blanks' records first, or ask NAPOO."))
    try:
        with database.atomic():
            if BlankReport.of(centre_id, year) is not None:
                raise DocumentError(CONFIRMED)
            report = BlankReport.create(centre=centre_id, year=year, confirmed_on=today, confirmed_by=user)
            for row in rows:
                BlankReportLine.create(report=report, kind=row["kind"], **{f: row[f] for f in FIGURES})
    except pw.IntegrityError:  # a second click that raced the first: the unique (centre, year)
        raise DocumentError(CONFIRMED) from None
    return report


def destroyed_or_unusable(centre_id, kind, series, number):
    """The mark that keeps a blank off any document (rules.blank_may_carry_document), or None."""
    state = BlankMark.state_of_number(centre_id, kind, series, number)
    return None if rules.blank_may_carry_document(state) else state
