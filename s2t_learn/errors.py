from django.http import Http404


class Conflict(Exception):
    """The request cannot be carried out in the object's current state (for example, it has closed).
    Nothing was changed. The API answers 409 with the message."""

    message = "This can no longer be changed."

    def __init__(self, message=None):
        super().__init__(message or self.message)


class NotFound(Http404):
    """The thing asked for does not exist, or the caller may not know it does (another organisation's).
    Pages answer 404 and the API its 404 error body. It subclasses Http404 so the pages need no handler
    and callers that expect Http404 keep working."""
