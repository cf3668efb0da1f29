"""The deployment settings domain code needs, as one value passed in.

Services and signal handlers take a `Settings` instead of reading `current_app.config`, so they run
(and are tested) without an application context, and a setting's whole reach is visible in the
signatures. Views build it once per request with `core.web.site_settings()`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Settings:
    timezone: str  # the agency's calendar: JP years, due dates and report periods are local days
    provider_name: str  # who issues certificates and JP ledger entries
    mastery_percent: int  # the score on a competency's questions that counts as mastered

    @classmethod
    def from_config(cls, config: Mapping) -> "Settings":
        return cls(timezone=config["ELEARN_TIMEZONE"], provider_name=config["ELEARN_PROVIDER_NAME"],
                   mastery_percent=config["ELEARN_MASTERY_PERCENT"])

    def local_date(self, moment: datetime) -> date:
        """The date of `moment` in the agency's calendar (WIB is seven hours ahead of UTC)."""
        return moment.astimezone(ZoneInfo(self.timezone)).date()
