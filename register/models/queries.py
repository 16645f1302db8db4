"""The register's query: the one filtered, sorted query behind the page, its CSV and its JSON."""

import peewee as pw

from register import rules
from register.models.classifiers import Settlement
from register.models.common import id_in
from register.models.licences import Centre, Licence, LicensedSpeciality


def status_order():
    """Active first, then temporarily revoked, then closed: the tie key of search results."""
    return pw.Case(Licence.status, [(status, index) for index, status in enumerate(rules.STATUSES)], 9)


SORTS = {
    "relevance": lambda: [status_order(), Licence.sort_name, Licence.id],
    "name": lambda: [Licence.sort_name, Licence.id],
    "-name": lambda: [Licence.sort_name.desc(), Licence.id.desc()],
    "number": lambda: [Licence.number],
    "-number": lambda: [Licence.number.desc()],
    "date": lambda: [Licence.licence_date, Licence.id],
    "-date": lambda: [Licence.licence_date.desc(), Licence.id.desc()],
    "-changed": lambda: [Licence.updated_at.desc(), Licence.id.desc()],
    # Centres without a published share last (-1), then by name.
    "-employment": lambda: [pw.fn.COALESCE(_best_employment(), -1).desc(), Licence.sort_name, Licence.id],
}


def _best_employment():
    """The centre's highest published employment share (a correlated subquery; None without one)."""
    from register.quality.models import EmploymentFigure

    return EmploymentFigure.select(pw.fn.MAX(EmploymentFigure.share)).where(
        EmploymentFigure.published & (EmploymentFigure.centre == Licence.centre)
    )


def employed_at_least(percent):
    """The condition: the licence's centre has a published employment share of at least `percent`."""
    from register.quality.models import EmploymentFigure

    centres = EmploymentFigure.select(EmploymentFigure.centre).where(
        EmploymentFigure.published & (EmploymentFigure.share >= percent)
    )
    return Licence.centre.in_(centres)


def find_licences(
    statuses=(),
    region="",
    municipality="",
    field="",
    profession="",
    employment=None,
    sort="name",
    closed_only=False,
):
    """The register filtered and sorted: the one query behind the page, its CSV and its JSON
    (register.search adds the words). Lean: the rows to show are read by id afterwards."""
    query = Licence.select()
    if closed_only:
        query = query.where(Licence.status.in_(list(rules.ARCHIVE_STATUSES)))
    if statuses:
        query = query.where(Licence.status.in_(list(statuses)))
    if municipality or region:
        in_place = Centre.select(Centre.id).join(Settlement)
        in_place = in_place.where(
            Settlement.municipality == municipality if municipality else Settlement.region == region
        )
        query = query.where(Licence.centre.in_(in_place))
    if profession or field:
        column, value = (
            (LicensedSpeciality.profession_code, profession)
            if profession
            else (LicensedSpeciality.field_code, field)
        )
        covered = LicensedSpeciality.select(LicensedSpeciality.licence).where(
            (column == value) & LicensedSpeciality.removed_on.is_null()
        )
        query = query.where(Licence.id.in_(covered))
    if employment is not None:
        query = query.where(employed_at_least(employment))
    return query.order_by(*SORTS.get(sort, SORTS["name"])())


def specialities_for(licences):
    """{licence id: [speciality code, ...]} current specialities for a page of licences (rows or dicts)."""
    ids = [licence["id"] if isinstance(licence, dict) else licence.id for licence in licences]
    result = {i: [] for i in ids}
    if not ids:
        return result
    rows = (
        LicensedSpeciality.select(LicensedSpeciality.licence, LicensedSpeciality.speciality)
        .where(id_in(LicensedSpeciality.licence, ids) & LicensedSpeciality.removed_on.is_null())
        .order_by(LicensedSpeciality.speciality)
        .tuples()
    )
    for licence_id, code in rows:
        result[licence_id].append(code)
    return result
