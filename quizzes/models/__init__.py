from .assessment import AgreedAnswer, Answer, Domain, Framework, Round, RoundInvitation, Statement
from .knowledge import Attempt, Certificate, QuizIndexPage, QuizPage, Response

__all__ = [
    "AgreedAnswer",
    "Answer",
    "Attempt",
    "Certificate",
    "Domain",
    "Framework",
    "QuizIndexPage",
    "QuizPage",
    "Response",
    "Round",
    "RoundInvitation",
    "Statement",
]
