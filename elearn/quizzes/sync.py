"""Importing parsed quiz files: settings update in place, an edited question gets a new version."""

import copy
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from elearn.core.frontmatter import Problem
from elearn.core.rendering import ContentRenderer
from elearn.quizzes.models import Question, Quiz
from elearn.quizzes.parsing import QuestionSource, QuizSource
from elearn.quizzes.question_types import QUESTION_TYPES


def _rendered_data(source: QuestionSource, render: ContentRenderer) -> dict:
    """The type's data with the HTML of every piece of text a learner will see."""
    data = copy.deepcopy(source.data)
    QUESTION_TYPES[source.type].render_texts(data, lambda text: render.inline(text, source.line))
    return data


def render_quiz(source: QuizSource, image_urls: dict, language: str, problems: list[Problem]) -> None:
    """Render every question once; check and sync both use this, so a text too complex to render is a
    problem at its question in both."""
    render = ContentRenderer(source.shown, problems, image_urls, language)
    for question in source.questions:
        question.data = _rendered_data(question, render)
        question.prompt_html = render.block(question.prompt, question.line)
        feedback = question.feedback
        question.feedback_html = render.block(feedback, question.line) if feedback else ""
    source.intro_html = render.block(source.intro, source.intro_line) if source.intro else ""


def _apply_settings(quiz: Quiz, source: QuizSource) -> None:
    quiz.position, quiz.title, quiz.role = source.position, source.title, source.role
    quiz.pass_percent, quiz.max_attempts = source.pass_percent, source.max_attempts
    quiz.time_limit_minutes, quiz.draw_count = source.time_limit_minutes, source.draw_count
    quiz.shuffle_questions, quiz.shuffle_options = source.shuffle_questions, source.shuffle_options
    quiz.opens_at, quiz.closes_at, quiz.review = source.opens_at, source.closes_at, source.review
    quiz.intro_html = source.intro_html


def _sync_questions(session: Session, quiz: Quiz, sources: list[QuestionSource], now: datetime) -> None:
    current = {q.key: q for q in session.scalars(
        select(Question).where(Question.quiz_id == quiz.id, Question.retired_at.is_(None)))}
    latest = dict(session.execute(
        select(Question.key, Question.version).where(Question.quiz_id == quiz.id)
        .order_by(Question.version)).all())
    for position, source in enumerate(sources, start=1):
        existing = current.pop(source.key, None)
        if existing is not None and existing.source_digest == source.digest:
            existing.position = position
            continue
        if existing is not None:
            existing.retired_at = now
        session.add(Question(
            quiz_id=quiz.id, key=source.key, version=latest.get(source.key, 0) + 1, position=position,
            type=source.type,
            points=source.points, prompt_html=source.prompt_html, feedback_html=source.feedback_html,
            topic=source.topic, competencies=source.competencies, data=source.data,
            source_digest=source.digest, created_at=now,
        ))
    for removed in current.values():
        removed.retired_at = now


def sync_course_quizzes(session: Session, course_id: int, sources: list[QuizSource], now: datetime) -> None:
    """Bring the course's quizzes in line with its (already rendered) quiz files."""
    existing = {q.slug: q for q in session.scalars(select(Quiz).where(Quiz.course_id == course_id))}
    for source in sources:
        quiz = existing.pop(source.slug, None)
        if quiz is None:
            quiz = Quiz(course_id=course_id, slug=source.slug)
            session.add(quiz)
        if quiz.source_digest != source.digest or quiz.retired_at is not None:
            _apply_settings(quiz, source)
            quiz.source_digest, quiz.updated_at, quiz.retired_at = source.digest, now, None
            session.flush()
            _sync_questions(session, quiz, source.questions, now)
    for gone in existing.values():
        if gone.retired_at is None:
            gone.retired_at = now
