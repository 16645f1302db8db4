"""The self-assessment's workflows: NAPOO's indicators per year, a graduate's follow-up (by hand or
from a CSV file), the employment figures they give, and a centre's report, saved and filed. Plain
functions with explicit arguments (never `request`); each write in one transaction; a refusal is a
QualityError with the field it concerns."""

import datetime
import json
import os
from collections import defaultdict
from fractions import Fraction

import peewee as pw
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import audit
from portal.dates import utcnow
from portal.db import database
from portal.web import parse_int
from portal.workflow import DomainError
from register import rules as register_rules
from register.documents.courses import ImportRefused, csv_records, import_max_rows, read_csv
from register.documents.models import normalise_number
from register.models import Centre, Licence
from register.quality import rules
from register.quality.labels import SOURCE_LABELS
from register.quality.models import (
    FILED,
    EmploymentFigure,
    GraduateFollowUp,
    QualityIndicator,
    SelfAssessment,
    SelfAssessmentScore,
    graduates,
)

DEFAULT_INDICATORS = os.path.join(os.path.dirname(__file__), "default_indicators.json")
IMPORT_COLUMNS = ("registration_number", "status_6", "status_12", "source")
MAX_EVIDENCE = 4000


class QualityError(DomainError):
    """A step of the self-assessment refused; the message is for the person who asked."""


def due_date(year):
    """The last day to file the report on `year` (the setting SELF_ASSESSMENT_DUE)."""
    return rules.self_assessment_due(year, current_app.config["SELF_ASSESSMENT_DUE"])


def score_scale():
    """The highest score of an indicator (the setting SELF_ASSESSMENT_SCALE; the lowest is 1)."""
    return int(current_app.config["SELF_ASSESSMENT_SCALE"])


# --- NAPOO's indicators ---------------------------------------------------------------------------


def indicators(year):
    """The year's indicators: NAPOO's for that year; a year NAPOO has not set yet starts as a copy of
    the latest earlier year's, or of the site's example set."""
    found = list(QualityIndicator.of_year(year))
    if found:
        return found
    try:
        _copy_indicators(year)
    except pw.IntegrityError:
        pass  # another request wrote the year's set meanwhile: read theirs
    return list(QualityIndicator.of_year(year))


def _copy_indicators(year):
    """Write the year's set from the latest earlier year's, or from the site's example."""
    with database.atomic():
        earlier = (
            QualityIndicator.select(QualityIndicator.year)
            .where(QualityIndicator.year < year)
            .order_by(QualityIndicator.year.desc())
            .first()
        )
        if earlier is not None:
            rows = [
                {k: getattr(i, k) for k in ("position", "criterion", "title", "guidance", "computed")}
                for i in QualityIndicator.of_year(earlier.year)
            ]
        else:
            with open(DEFAULT_INDICATORS, encoding="utf-8") as handle:
                example = json.load(handle)["indicators"]
            rows = [{"position": n, "computed": "", "guidance": "", **row} for n, row in enumerate(example)]
        QualityIndicator.insert_many(
            [{**row, "year": year, "created_at": utcnow()} for row in rows]
        ).execute()


def add_indicator(year, fields, user=None):
    """NAPOO adds an indicator to the year's form (under a criterion, its own or a new one)."""
    criterion = (fields.get("criterion") or "").strip()
    title = (fields.get("title") or "").strip()
    if not criterion or len(criterion) > 200:
        raise QualityError(_l("Enter the criterion (up to 200 characters)."), "criterion")
    if not title or len(title) > 300:
        raise QualityError(_l("Enter the indicator (up to 300 characters)."), "title")
    existing = indicators(year)
    try:
        with database.atomic():
            indicator = QualityIndicator.create(
                year=year,
                position=max((i.position for i in existing), default=-1) + 1,
                criterion=criterion,
                title=title,
                guidance=(fields.get("guidance") or "").strip()[:MAX_EVIDENCE],
            )
            audit.record(
                user, "add_indicator", "quality_indicator", indicator.id, after=_described(indicator)
            )
    except pw.IntegrityError:  # another indicator took the same place meanwhile
        raise QualityError(
            _l("Someone else changed this year's form meanwhile: reload the page and try again.")
        ) from None
    return indicator


def _described(indicator):
    """What the audit log keeps of an indicator."""
    return {"year": indicator.year, "criterion": indicator.criterion, "title": indicator.title}


def remove_indicator(indicator, user=None):
    """NAPOO takes an indicator off the year's form, while no report has scored it; the computed
    employment indicator stays (002 asks for it every year)."""
    if indicator.computed:
        raise QualityError(_l("The employment of graduates is an indicator every year (002): it stays."))
    with database.atomic():
        if SelfAssessmentScore.select().where(SelfAssessmentScore.indicator == indicator.id).exists():
            raise QualityError(
                _l("A centre has scored this indicator already: it stays on this year's form.")
            )
        audit.record(
            user, "remove_indicator", "quality_indicator", indicator.id, before=_described(indicator)
        )
        indicator.delete_instance()


# --- Graduates' follow-up -------------------------------------------------------------------------


def check_follow_up(document, fields, today):
    """The follow-up's values checked: {status_6, status_12, source}; a status only once its months
    have passed (rules.follow_up_open), a known one with its source."""
    values = {}
    for months in rules.FOLLOW_UP_MONTHS:
        name = f"status_{months}"
        status = (fields.get(name) or "").strip()
        if status and status not in rules.STATUSES:
            raise QualityError(_l("Choose a status from the list."), name)
        if status and not rules.follow_up_open(document.registered_on, months, today):
            raise QualityError(
                _l("The %(months)d months since the document have not passed yet.", months=months), name
            )
        values[name] = status
    source = (fields.get("source") or "").strip()
    if source and source not in SOURCE_LABELS:
        raise QualityError(_l("Choose a source from the list."), "source")
    known = any(values[f"status_{m}"] in rules.KNOWN_STATUSES for m in rules.FOLLOW_UP_MONTHS)
    if known and not source:
        raise QualityError(_l("Say where the information comes from."), "source")
    values["source"] = source
    return values


def record_follow_up(document, fields, user, today, version=None):
    """A graduate's status at 6 and 12 months and its source, recorded (or changed: with the version
    the form showed); the centre's employment figures of that year are computed again."""
    values = check_follow_up(document, fields, today)
    with database.atomic():
        current = GraduateFollowUp.get_or_none(GraduateFollowUp.document == document.id)
        if current is None:
            current = GraduateFollowUp.create(document=document.id, recorded_by=user, **values)
        elif all(getattr(current, name) == value for name, value in values.items()):
            return current  # the same values again (a double submit): nothing to write
        else:
            if version is not None and version != current.version:
                raise QualityError(
                    _l("Someone else changed this follow-up meanwhile: reload the page and try again.")
                )
            changed = (
                GraduateFollowUp.update(
                    **values, recorded_by=user, recorded_at=utcnow(), version=GraduateFollowUp.version + 1
                )
                .where((GraduateFollowUp.id == current.id) & (GraduateFollowUp.version == current.version))
                .execute()
            )
            if not changed:
                raise QualityError(
                    _l("Someone else changed this follow-up meanwhile: reload the page and try again.")
                )
        refresh_figures(document.centre_id, document.registered_year)
    return current


def import_follow_ups(centre_id, year, data, user, today, max_rows=None):
    """The follow-ups of a CSV file (columns registration_number, status_6, status_12, source) for
    the centre's graduates of `year`, found by the document's registration number: all rows or, if
    any is wrong, none, each wrong row named by its line. Returns how many were recorded."""
    max_rows = max_rows or import_max_rows()
    reader = read_csv(data, required=("registration_number",))
    by_number = {normalise_number(d.registration_number): d for d in graduates(centre_id, year)}
    rows, problems, seen = [], [], {}
    for line, record in csv_records(reader, max_rows):
        if record.get(None):
            problems.append((line, _l("more columns than the header names")))
            continue
        number = normalise_number(record.get("registration_number"))
        document = by_number.get(number)
        if document is None:
            problems.append((line, _l("no graduate of this year has this registration number")))
            continue
        if number in seen:
            problems.append((line, _l("the same graduate as on line %(line)d", line=seen[number])))
            continue
        seen[number] = line
        try:
            rows.append((document, check_follow_up(document, record, today)))
        except QualityError as error:
            problems.append((line, f"{error.field}: {error.message}"))
    if problems:
        raise ImportRefused(_l("Nothing was imported: fix these rows and send the file again."), problems)
    if not rows:
        raise ImportRefused(_l("The file has no rows."))
    with database.atomic():
        for document, values in rows:
            updated = (
                GraduateFollowUp.update(
                    **values, recorded_by=user, recorded_at=utcnow(), version=GraduateFollowUp.version + 1
                )
                .where(GraduateFollowUp.document == document.id)
                .execute()
            )
            if not updated:
                GraduateFollowUp.create(document=document.id, recorded_by=user, **values)
        refresh_figures(centre_id, year)
    return len(rows)


def refresh_figures(centre_id, year):
    """The centre's employment figures of `year` computed again from its graduates' statuses at 12
    months (rules.employment_indicator), per profession, with disclosure control's verdict."""
    statuses = defaultdict(list)
    for document in graduates(centre_id, year):
        follow_up = getattr(document, "graduatefollowup", None)
        status = follow_up.status_12 if follow_up is not None and follow_up.id else ""
        statuses[document.course.speciality.profession_id].append(status)
    with database.atomic():
        EmploymentFigure.delete().where(
            (EmploymentFigure.centre == centre_id) & (EmploymentFigure.year == year)
        ).execute()
        for profession, found in sorted(statuses.items()):
            value = rules.employment_indicator(found)
            published = rules.indicator_disclosable(value.in_profession, value.known)
            share = rules.percent(Fraction(value.in_profession, value.known)) if published else None
            EmploymentFigure.create(
                centre=centre_id,
                year=year,
                profession=profession,
                graduates=len(found),
                known=value.known,
                in_profession=value.in_profession,
                employed=value.employed,
                published=published,
                share=share,
            )


# --- The report -----------------------------------------------------------------------------------


def report_of(centre_id, year):
    """The centre's report on the year, or None before it saves one."""
    return SelfAssessment.get_or_none((SelfAssessment.centre == centre_id) & (SelfAssessment.year == year))


def save_report(centre_id, year, answers, user, version=None):
    """The centre's scores and evidence saved as a draft: `answers` is {indicator id: (score text,
    evidence)} for the year's typed indicators (the computed one is the site's). A filed report is
    as it was filed; a form older than the saved draft is refused."""
    scale = score_scale()
    typed = {i.id: i for i in indicators(year) if not i.computed}
    cleaned = {}
    for indicator_id, (score_text, evidence) in answers.items():
        if indicator_id not in typed:
            continue
        score_text, evidence = (score_text or "").strip(), (evidence or "").strip()
        score = None
        if score_text:
            if parse_int(score_text, low=1, high=scale) is None:
                raise QualityError(
                    _l("A score is a whole number from 1 to %(scale)d.", scale=scale), f"score-{indicator_id}"
                )
            score = int(score_text)
        if len(evidence) > MAX_EVIDENCE:
            raise QualityError(
                _l("The evidence is longer than 4,000 characters."), f"evidence-{indicator_id}"
            )
        cleaned[indicator_id] = (score, evidence)
    with database.atomic():
        report = report_of(centre_id, year)
        if report is None:
            report = SelfAssessment.create(centre=centre_id, year=year)
        elif report.state == FILED:
            raise QualityError(_l("This report is filed: it stays as it was filed."))
        elif version is not None and version != report.version:
            raise QualityError(_l("Someone else saved this report meanwhile: reload the page and try again."))
        for indicator_id, (score, evidence) in cleaned.items():
            row = SelfAssessmentScore.get_or_none(
                (SelfAssessmentScore.report == report.id) & (SelfAssessmentScore.indicator == indicator_id)
            )
            if row is None:
                SelfAssessmentScore.create(
                    report=report.id, indicator=indicator_id, score=score, evidence=evidence
                )
            else:
                row.score, row.evidence = score, evidence
                row.save()
        _bump(report)
    return report


def _bump(report, **values):
    """Write `values` on the report and move its version on, only from the version read."""
    changed = (
        SelfAssessment.update(**values, version=SelfAssessment.version + 1, updated_at=utcnow())
        .where((SelfAssessment.id == report.id) & (SelfAssessment.version == report.version))
        .execute()
    )
    if not changed:
        raise QualityError(_l("Someone else saved this report meanwhile: reload the page and try again."))
    report.version += 1
    for name, value in values.items():
        setattr(report, name, value)


def file_report(centre_id, year, user, today, version=None):
    """The report filed ("ежегодно да представят годишен доклад за самооценка", 002): every typed
    indicator scored; its filing day is what the deadline is judged on. Filing a filed report again
    (a double click) changes nothing."""
    with database.atomic():
        report = report_of(centre_id, year)
        if report is None:
            raise QualityError(_l("Save the scores first."))
        if report.state == FILED:
            return report
        if version is not None and version != report.version:
            raise QualityError(_l("Someone else saved this report meanwhile: reload the page and try again."))
        scored = {
            s.indicator_id
            for s in SelfAssessmentScore.select().where(
                (SelfAssessmentScore.report == report.id) & SelfAssessmentScore.score.is_null(False)
            )
        }
        missing = [i for i in indicators(year) if not i.computed and i.id not in scored]
        if missing:
            raise QualityError(
                _l("Score every indicator before filing (%(count)d left).", count=len(missing))
            )
        _bump(report, state=FILED, filed_on=today, filed_at=utcnow(), filed_by=user)
    return report


def scores_of(report):
    """{indicator id: its SelfAssessmentScore} of a report (empty for None)."""
    if report is None:
        return {}
    return {
        s.indicator_id: s for s in SelfAssessmentScore.select().where(SelfAssessmentScore.report == report.id)
    }


# --- NAPOO's overview -----------------------------------------------------------------------------


def centres_due(year):
    """The centres that owe a report on the year: licensed by its end, and licensed still or until
    after it (the site's reading of "лицензираните центрове", 002)."""
    end = datetime.date(year, 12, 31)
    open_statuses = (register_rules.ACTIVE, register_rules.TEMPORARILY_REVOKED)
    return (
        Centre.select()
        .join(Licence)
        .where(
            (Licence.licence_date <= end) & (Licence.status.in_(open_statuses) | (Licence.status_date > end))
        )
        .distinct()
        .order_by(Centre.name)
    )


def overview(year, today):
    """NAPOO's overview of a year: [(centre, report, standing)] and {standing: count}."""
    due = due_date(year)
    reports = SelfAssessment.of_year(year)
    rows, counts = [], {s: 0 for s in (rules.FILED, rules.LATE, rules.MISSING, rules.OPEN)}
    for centre in centres_due(year):
        report = reports.get(centre.id)
        filed_on = report.filed_on if report is not None and report.state == FILED else None
        standing = rules.filing_status(filed_on, due, today)
        counts[standing] += 1
        rows.append((centre, report, standing))
    return rows, counts
