"""What the certificates feature does when others announce something."""

from datetime import datetime

from sqlalchemy.orm import Session

from elearn.certificates.services import record_course_completion
from elearn.core.settings import Settings
from elearn.learning.models import Enrollment
from elearn.learning.signals import course_completed


@course_completed.connect
def issue_for_completion(enrollment: Enrollment, *, session: Session, now: datetime,
                         settings: Settings) -> None:
    """A completed course earns its JP in the ledger and a certificate, once."""
    record_course_completion(session, enrollment, now, settings=settings)
