"""Every feature's models, imported together so the metadata (and Alembic) sees all tables."""

from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import Regency, Role, Unit, User, UserRole
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.competencies.models import CompetencyAssessment
from elearn.content.models import ContentImage, Course, Module
from elearn.core.outbox import OutboxMessage
from elearn.dictionary.models import Competency, CourseCompetency, JobProfile, JobRequirement
from elearn.evaluation.models import (
    OutcomeFigure,
    RemedialRecommendation,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.mentoring.models import ActionPlan, ActionPlanEvent
from elearn.notifications.models import Notification
from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz
from elearn.voices.models import CitizenFeedback, TopicProposal, TopicVote

__all__ = [
    "ActionPlan",
    "ActionPlanEvent",
    "Attempt",
    "AttemptItem",
    "Certificate",
    "CitizenFeedback",
    "Competency",
    "CompetencyAssessment",
    "ContentImage",
    "Course",
    "CourseCompetency",
    "Enrollment",
    "JobProfile",
    "JobRequirement",
    "JpLedgerEntry",
    "MentorAssignment",
    "Module",
    "ModuleCompletion",
    "Notification",
    "OutboxMessage",
    "OutcomeFigure",
    "Question",
    "Quiz",
    "Regency",
    "RemedialRecommendation",
    "Role",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "TopicProposal",
    "TopicVote",
    "Unit",
    "User",
    "UserRole",
]
