"""The login backend: Django's own, with the user's organisation read in the same query as the user on every
request (every page asks ``request.user.org`` for the user's scope: a second query otherwise)."""

from django.contrib.auth.backends import ModelBackend


class UserWithOrgBackend(ModelBackend):
    def get_user(self, user_id):
        from .models import User

        try:
            user = User._default_manager.select_related("org").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
