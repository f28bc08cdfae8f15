import logging
import re

# Invitation, join, unsubscribe and report download tokens travel in URL paths; keep them out of every log line.
# Password-reset keys (allauth's /accounts/password/reset/key/<key>/) and email confirmation keys too.
TOKEN_IN_PATH = re.compile(r"(/(?:invitations|join|unsubscribe|download|key|confirm-email)/)[^/\s\"?]+")


class RedactTokensFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = TOKEN_IN_PATH.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
