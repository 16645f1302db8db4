"""The register's query string: parsed once, validated, and turned back into links."""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

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
    sort: str = ""  # "" means the default: best match with search words, else by name
    page: int = 1
    size: int = 25

    @classmethod
    def from_args(cls, args, default_size=25):
        """Parse request.args (a MultiDict)."""

        def digits(name, length):
            value = (args.get(name) or "").strip()
            return value if value.isdigit() and len(value) == length else ""

        def code(name, length):
            value = (args.get(name) or "").strip().upper()
            return value if value.isalnum() and len(value) == length else ""

        def number(name, default, low, high):
            try:
                return min(max(int(args.get(name, default)), low), high)
            except (TypeError, ValueError):
                return default

        statuses = tuple(s for s in rules.STATUSES if s in args.getlist("status"))
        sort = args.get("sort", "")
        return cls(
            q=(args.get("q") or "").strip()[:200],
            statuses=statuses,
            region=code("region", 3),
            municipality=code("municipality", 5),
            field=digits("field", 3),
            profession=digits("profession", 6),
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
            "sort": self.effective_sort,
        }

    def replace(self, **changes):
        """These filters with some changed."""
        return replace(self, **changes)

    def params(self, **changes):
        """The query-string pairs for these filters with `changes`, defaults left out."""
        state = replace(self, **changes)
        pairs = [("q", state.q)] + [("status", s) for s in state.statuses]
        pairs += [
            ("region", state.region),
            ("municipality", state.municipality),
            ("field", state.field),
            ("profession", state.profession),
        ]
        if state.sort:
            pairs.append(("sort", state.sort))
        if state.page != 1:
            pairs.append(("page", state.page))
        if state.size != 25:
            pairs.append(("size", state.size))
        return [(k, v) for k, v in pairs if v not in ("", None)]

    def querystring(self, **changes):
        """'?a=b&…' or '' for these filters with `changes`."""
        pairs = self.params(**changes)
        return "?" + urlencode(pairs) if pairs else ""

    @property
    def active(self):
        """Whether any filter or search narrows the register."""
        return bool(
            self.q or self.statuses or self.region or self.municipality or self.field or self.profession
        )
