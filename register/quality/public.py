"""What the public sees of the self-assessment: a centre's employment indicator per year and
profession, only where disclosure control publishes it (never a count, a status or a name)."""

from register.quality.models import EmploymentFigure

NOT_PUBLISHED = "not published"


def public_employment(centre_id):
    """[(year, profession code, profession name, share % or None)] of the centre, newest year first;
    None where disclosure control withholds the share."""
    return [
        (f.year, f.profession.code, f.profession.name, f.share if f.published else None)
        for f in EmploymentFigure.of_centre(centre_id)
        if f.known > 0
    ]


def employment_json(rows):
    """The rows as the licence's JSON writes them."""
    return [
        {
            "year": year,
            "profession": code,
            "employed_in_the_profession_percent": NOT_PUBLISHED if share is None else share,
        }
        for year, code, _name, share in rows
    ]
