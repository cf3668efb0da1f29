"""What the learning feature does when others announce something."""

from datetime import datetime

from sqlalchemy.orm import Session

from elearn.core.settings import Settings
from elearn.learning.services import refresh_course_completion
from elearn.quizzes.models import Attempt
from elearn.quizzes.signals import attempt_graded


@attempt_graded.connect
def complete_course_after_grade(attempt: Attempt, *, session: Session, now: datetime,
                                settings: Settings) -> None:
    """Passing the final quiz may be the last step of the course."""
    refresh_course_completion(session, attempt.user_id, attempt.quiz_id, now, settings=settings)
