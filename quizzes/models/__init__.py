from .assessment import AgreedAnswer, Answer, Domain, Framework, Round, RoundInvitation, Statement
from .audit import AgreedRating, Audit, AuditFile, AuditMeasure, AuditReader, Reading
from .knowledge import Attempt, Certificate, QuizIndexPage, QuizPage, Response
from .measure import CohortTable, Survey, SurveyItem, SurveyResponse
from .planning import (
    ActionItem,
    EmailOptOut,
    PlannedAssignment,
    Recommendation,
    ReminderLog,
    ReportJob,
    TargetLevel,
)

__all__ = [
    "AgreedRating",
    "Audit",
    "AuditFile",
    "AuditMeasure",
    "AuditReader",
    "Reading",
    "ActionItem",
    "EmailOptOut",
    "PlannedAssignment",
    "Recommendation",
    "ReminderLog",
    "ReportJob",
    "TargetLevel",
    "AgreedAnswer",
    "Answer",
    "Attempt",
    "Certificate",
    "CohortTable",
    "Domain",
    "Framework",
    "QuizIndexPage",
    "QuizPage",
    "Response",
    "Round",
    "RoundInvitation",
    "Statement",
    "Survey",
    "SurveyItem",
    "SurveyResponse",
]
