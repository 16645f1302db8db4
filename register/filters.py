"""The register's query string: parsed once, validated, and turned back into links."""

import functools
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from portal.web import MAX_ID, parse_int
from register import rules
from register.models import SORTS

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class RegisterFilters:
    """What the visitor asked the register for; unknown values are dropped, never an error."""

    q: str = ""
    statuses: tuple = ()
    region: str = ""
    municipality: str = ""
    field: str = ""
    profession: str = ""
    employment: int | None = None  # at least this % employed in the profession (published figures)
    sort: str = ""  # "" means the default: best match with search words, else by name
    page: int = 1
    size: int = 25

    @classmethod
    def from_args(cls, args, default_size=25):
        """Parse request.args (a MultiDict)."""

        def digits(name, length):
            value = (args.get(name) or "").strip()
            return value if value.isascii() and value.isdigit() and len(value) == length else ""

        def code(name, length):
            value = (args.get(name) or "").strip().upper()
            return value if value.isalnum() and len(value) == length else ""

        def number(name, default, low, high):
            value = parse_int(args.get(name), -MAX_ID, MAX_ID)  # ASCII digits: not '٣'
            return default if value is None else min(max(value, low), high)

        statuses = tuple(s for s in rules.STATUSES if s in args.getlist("status"))
        sort = args.get("sort", "")
        return cls(
            q=(args.get("q") or "").strip()[:200],
            statuses=statuses,
            region=code("region", 3),
            municipality=code("municipality", 5),
            field=digits("field", 3),
            profession=digits("profession", 6),
            employment=parse_int(args.get("employment"), 0, 100),
            sort=sort if sort in SORTS else "",
            page=number("page", 1, 1, 100000),
            size=number("size", default_size, 1, MAX_PAGE_SIZE),
        )

    @property
    def effective_sort(self):
        """The sort in force: the chosen one, or best match with search words, else by name."""
        return self.sort or ("relevance" if self.q else "name")

    def query_kwargs(self):
        """Keyword arguments for models.find_licences (the text search is register.search's)."""
        return {
            "statuses": self.statuses,
            "region": self.region,
            "municipality": self.municipality,
            "field": self.field,
            "profession": self.profession,
            "employment": self.employment,
            "sort": self.effective_sort,
        }

    def replace(self, **changes):
        """These filters with some changed."""
        return replace(self, **changes)

    def params(self, **changes):
        """The query-string pairs for these filters with `changes`, defaults left out (read from the
        changes or the filters directly: a page builds a few dozen of these links)."""
        unknown = set(changes) - _FIELD_NAMES
        if unknown:
            raise TypeError(f"no such filter: {', '.join(sorted(unknown))}")

        def value(name):
            return changes[name] if name in changes else getattr(self, name)

        pairs = [("q", value("q"))] + [("status", s) for s in value("statuses")]
        pairs += [
            (name, value(name)) for name in ("region", "municipality", "field", "profession", "employment")
        ]
        sort, page, size = value("sort"), value("page"), value("size")
        if sort:
            pairs.append(("sort", sort))
        if page != 1:
            pairs.append(("page", page))
        if size != 25:
            pairs.append(("size", size))
        return [(k, v) for k, v in pairs if v not in ("", None)]

    def querystring(self, **changes):
        """'?a=b&…' or '' for these filters with `changes`."""
        pairs = self.params(**changes)
        return "?" + "&".join(_encoded(key, str(value)) for key, value in pairs) if pairs else ""

    @property
    def active(self):
        """Whether any filter or search narrows the register."""
        return bool(
            self.q
            or self.statuses
            or self.region
            or self.municipality
            or self.field
            or self.profession
            or self.employment is not None
        )


_FIELD_NAMES = {f.name for f in fields(RegisterFilters)}


@functools.lru_cache(maxsize=4096)
def _encoded(key, value):
    """One 'key=value' of a query string (urlencode's quoting), remembered: every link of a page
    repeats the same search words."""
    return urlencode([(key, value)])
