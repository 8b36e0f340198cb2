"""Revoke API tokens, by number or all of a user's; a revoked token is refused at once.

python manage.py revoke_api_token 12 13
python manage.py revoke_api_token --user hotline
python manage.py revoke_api_token --list
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xinfang.accounts.models import ApiToken


class Command(BaseCommand):
    help = "吊销接口令牌（按编号，或某用户的全部令牌）；--list 列出令牌"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="令牌编号（见 --list 或 系统管理 › 接口令牌）")
        parser.add_argument("--user", default="", help="吊销该用户名下全部未吊销的令牌")
        parser.add_argument("--list", action="store_true", dest="show", help="列出全部令牌及其状态")

    def handle(self, *args, ids: list[int], user: str, show: bool, **options):
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        if show:
            for t in tokens:
                if t.revoked_at:
                    state = f"已吊销 {timezone.localtime(t.revoked_at):%Y-%m-%d}"
                else:
                    state = f"有效期至 {timezone.localtime(t.expires_at):%Y-%m-%d}"
                self.stdout.write(f"#{t.pk}\t{t.user.username}\t{t.name}\t{state}")
            return
        if not ids and not user:
            raise CommandError("请给出令牌编号，或用 --user 指定用户。")
        chosen = tokens.filter(pk__in=ids) if ids else tokens.filter(user__username=user)
        missing = sorted(set(ids) - set(chosen.values_list("pk", flat=True)))
        if missing:
            raise CommandError("没有编号为 " + "、".join(f"#{pk}" for pk in missing) + " 的令牌。")
        if user and not chosen.exists():
            raise CommandError(f"用户“{user}”名下没有令牌。")
        revoked = [t for t in chosen if t.revoke()]
        for t in revoked:
            self.stdout.write(f"已吊销 #{t.pk}（用户 {t.user.username}，用途“{t.name}”）。")
        if not revoked:
            self.stdout.write("所选令牌均已吊销，未作更改。")
