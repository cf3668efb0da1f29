"""Every feature's models, imported together so the metadata (and Alembic) sees all tables."""

from elearn.auth.models import Regency, Role, Unit, User, UserRole
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.competencies.models import (
    Competency,
    CompetencyAssessment,
    CourseCompetency,
    JobProfile,
    JobRequirement,
)
from elearn.content.models import ContentImage, Course, Module
from elearn.evaluation.models import (
    OutcomeFigure,
    RemedialRecommendation,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.mentoring.models import ActionPlan, ActionPlanEvent, MentorAssignment, Notification
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
