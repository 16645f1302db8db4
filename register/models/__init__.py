"""The register's tables and the queries they own.

A package: common (shared helpers), classifiers (places, professions and specialities), licences
(centres, licences, their events and archives) and queries (the register's query); this module
re-exports their names, so `from register.models import Licence` works."""

from register.models.classifiers import (  # noqa: F401 - the package's names
    Municipality,
    Profession,
    ProfessionalField,
    Region,
    Settlement,
    Speciality,
)
from register.models.common import (  # noqa: F401 - the package's names
    _IDS_MARK,
    _listing_statement,
    _version_statement,
    id_in,
    utcnow,
)
from register.models.licences import (  # noqa: F401 - the package's names
    _STATUS_COUNTS,
    CENTRE_KINDS,
    ArchiveDesignation,
    ArchiveNotice,
    Centre,
    HandoverProtocol,
    Licence,
    LicenceEvent,
    LicensedSpeciality,
)
from register.models.queries import (  # noqa: F401 - the package's names
    SORTS,
    find_licences,
    specialities_for,
    status_order,
)

REGISTER_TABLES = [
    Region,
    Municipality,
    Settlement,
    ProfessionalField,
    Profession,
    Speciality,
    Centre,
    Licence,
    LicensedSpeciality,
    LicenceEvent,
    ArchiveDesignation,
    ArchiveNotice,
    HandoverProtocol,
]
