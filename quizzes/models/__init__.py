from .assessment import AgreedAnswer, Answer, Domain, Framework, Round, RoundInvitation, Statement

__all__ = ["AgreedAnswer", "Answer", "Domain", "Framework", "Round", "RoundInvitation", "Statement"]
