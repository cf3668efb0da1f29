"""Every feature's models, imported together so the metadata (and Alembic) sees all tables."""

from elearn.auth.models import Regency, Role, Unit, User, UserRole
from elearn.content.models import ContentImage, Course, Module
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.mentoring.models import ActionPlan, ActionPlanEvent, MentorAssignment, Notification
from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz

__all__ = [
    "ActionPlan",
    "ActionPlanEvent",
    "Attempt",
    "AttemptItem",
    "ContentImage",
    "Course",
    "Enrollment",
    "MentorAssignment",
    "Module",
    "ModuleCompletion",
    "Notification",
    "Question",
    "Quiz",
    "Regency",
    "Role",
    "Unit",
    "User",
    "UserRole",
]
