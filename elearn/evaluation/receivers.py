"""What evaluation does when others announce something: remedial advice follows grades and completions."""

from datetime import datetime

from sqlalchemy.orm import Session

from elearn.core.settings import Settings
from elearn.evaluation.remedial import recommend_after_post_test, resolve_recommendations
from elearn.learning.models import Enrollment
from elearn.learning.signals import course_completed
from elearn.quizzes.models import Attempt
from elearn.quizzes.signals import attempt_graded


@attempt_graded.connect
def advise_after_post_test(attempt: Attempt, *, session: Session, now: datetime, settings: Settings) -> None:
    """A graded post-test resolves mastered competencies and may recommend remedial courses."""
    recommend_after_post_test(session, attempt, now, settings=settings)


@course_completed.connect
def resolve_advice_for_course(enrollment: Enrollment, *, session: Session, now: datetime,
                              settings: Settings) -> None:
    """The completed course may have been recommended: that advice is done."""
    resolve_recommendations(session, enrollment.user_id, now)
