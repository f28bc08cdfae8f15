"""Privacy: how long records are kept, what deleting an account does, and the smallest groups shown."""

import os

# Retention (privacy): expired, used or revoked invitations and join links, finished report files and
# never-submitted quiz drafts are deleted after this many days; sign-in attempt records sooner.
PRIVACY_RETENTION_DAYS = int(os.environ.get("PRIVACY_RETENTION_DAYS", "90"))
SIGNIN_RECORD_RETENTION_DAYS = int(os.environ.get("SIGNIN_RECORD_RETENTION_DAYS", "30"))
# The audit log of admin and lead actions is kept this long (two years by default), then purged.
AUDIT_LOG_RETENTION_DAYS = int(os.environ.get("AUDIT_LOG_RETENTION_DAYS", str(2 * 365)))
# No network address is kept in the audit log (s2t_learn/audit_log.py sets none; this stops the library's own).
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Deleting an account: rows that organisations' results rest on pass to an anonymous stand-in
# ("app_label.Model.user_field"), and rows naming the person's address are removed.
PRIVACY_KEEP_ANONYMOUSLY = ["quizzes.RoundInvitation.user"]
PRIVACY_DELETE_BY_EMAIL = ["s2t_learn.Invitation.email", "quizzes.RoundInvitation.email"]
# An anonymous self-assessment round's results are released only when at least this many people sent
# answers. Never below 3: quizzes/assessment/anonymity.py enforces the floor whatever is set here.
ASSESSMENT_ANONYMOUS_MINIMUM = max(3, int(os.environ.get("ASSESSMENT_ANONYMOUS_MINIMUM", "3")))
# Learner statistics shown to an organisation are withheld for groups smaller than this (DESIGN privacy rule).
LEARNER_STATS_MINIMUM_GROUP = 5
