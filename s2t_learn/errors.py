class Conflict(Exception):
    """The request cannot be carried out in the object's current state (for example, it has closed).
    Nothing was changed. The API answers 409 with the message."""

    message = "This can no longer be changed."

    def __init__(self, message=None):
        super().__init__(message or self.message)
