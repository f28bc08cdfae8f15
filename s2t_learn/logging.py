import logging
import re

# Invitation, join, unsubscribe and report download tokens travel in URL paths; keep them out of every log line.
TOKEN_IN_PATH = re.compile(r"(/(?:invitations|join|unsubscribe|download)/)[^/\s\"?]+")


class RedactTokensFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = TOKEN_IN_PATH.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
