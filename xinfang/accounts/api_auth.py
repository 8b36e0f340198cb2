"""REST API authentication: a bearer token for other systems, the session (with CSRF) for the browser."""

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from .models import ApiToken, TokenRefused


class TokenRejected(AuthenticationError):
    """A bearer token that was sent but may not be used: 401 with its Chinese reason (``on_token_rejected``)."""


class TokenAuth(HttpBearer):
    def __call__(self, request):
        user = super().__call__(request)
        refused = getattr(request, "api_token_refused", None)
        if user is None and refused:
            raise TokenRejected(message=refused)
        return user

    def authenticate(self, request, token: str):
        """The token's user, or None (the reason kept on the request, for ``__call__``)."""
        try:
            user = ApiToken.objects.authenticate(token)
        except TokenRefused as e:
            request.api_token_refused = e.message
            return None
        request.user = user
        return user


api_auth = [TokenAuth(), django_auth]
