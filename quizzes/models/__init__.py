"""The quizzes app's models, gathered for Django and for `from quizzes.models import ...`.

Each part owns its models (issue 14): quizzes/assessment/models.py, quizzes/audit/models.py,
quizzes/knowledge/models.py and measure_models.py (the before-and-after measure), quizzes/planning/models.py
and planning/reports/models.py (the reminders).
"""

from quizzes.assessment.models import AgreedAnswer, Answer, Domain, Framework, Round, RoundInvitation, Statement
from quizzes.audit.models import AgreedRating, Audit, AuditFile, AuditMeasure, AuditReader, Reading
from quizzes.knowledge.measure_models import CohortTable, Measure, MeasureItem, MeasureResponse
from quizzes.knowledge.models import Attempt, Certificate, QuizIndexPage, QuizPage, Response
from quizzes.planning.models import ActionItem, PlannedAssignment, Recommendation, ReportJob, TargetLevel
from quizzes.planning.reports.models import EmailOptOut, ReminderLog

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
    "Measure",
    "MeasureItem",
    "MeasureResponse",
]
