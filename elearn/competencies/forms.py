"""The assessment form has one radio group and one note per competency, so its fields are named
after competency ids (`level-12`, `note-12`) rather than declared on a FlaskForm class; the CSRF
token is checked for every post by CSRFProtect. The needs-report filters are read here too."""

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from elearn.competencies.needs import GROUP_BYS
from elearn.competencies.services import TypedLevel
from elearn.content.models import COMPETENCY_TYPES
from elearn.core.parameters import bounded_int

LEVEL_PREFIX, NOTE_PREFIX = "level-", "note-"


def typed_levels(form: MultiDict) -> dict[str, TypedLevel]:
    """What was posted, by competency id as posted (the service refuses ids it does not expect).
    A field sent twice (a forged post) keeps both values, which no level matches."""
    levels: dict[str, str] = {}
    notes: dict[str, str] = {}
    for name in form:
        for prefix, found in ((LEVEL_PREFIX, levels), (NOTE_PREFIX, notes)):
            if name.startswith(prefix):
                found[name.removeprefix(prefix)] = ",".join(form.getlist(name))
    return {key: TypedLevel(levels.get(key, ""), notes.get(key, "")) for key in levels.keys() | notes.keys()}


@dataclass(frozen=True)
class NeedsFilter:
    group_by: str = "unit"
    competency_group: str | None = None
    competency_id: int | None = None


def needs_filter(args: MultiDict) -> NeedsFilter:
    """Unknown values fall back to the whole report instead of an error: the page is a bookmark."""
    group_by = args.get("group_by", "unit")
    group = args.get("group") or None
    return NeedsFilter(group_by if group_by in GROUP_BYS else "unit",
                       group if group in COMPETENCY_TYPES else None,
                       bounded_int(args.get("competency")))
