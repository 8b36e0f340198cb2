"""Exceptions raised by workflow actions. Their message is Chinese and is shown to the user as it is."""


class ActionError(Exception):
    """Base of every refusal by an action."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(ActionError):
    """The user's role or scope does not allow this action."""


class Conflict(ActionError):
    """Someone else changed the record since the user loaded it."""
