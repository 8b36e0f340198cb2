"""Issue an API token for a user; the key is printed once (on standard output, alone on its line).

python manage.py issue_api_token hotline --name 12351热线系统 --days 90
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xinfang.accounts.models import ApiToken, User

MAX_DAYS = 3650


class Command(BaseCommand):
    help = "签发接口令牌：密钥只显示这一次，系统只保存其散列值"

    def add_arguments(self, parser):
        parser.add_argument("username", help="令牌所属用户的用户名（调用方以此用户的身份和数据范围访问）")
        parser.add_argument("--name", default="", help="用途，即调用方系统的名称（默认：命令行签发）")
        parser.add_argument(
            "--days", type=int, default=None, help="有效天数（默认为设置 API_TOKEN_DAYS，365 天）"
        )

    def handle(self, *args, username: str, name: str, days: int | None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能为其签发令牌。")
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise CommandError(f"有效天数应在 1 至 {MAX_DAYS} 之间。")
        name = name.strip() or "命令行签发"
        if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
            raise CommandError("用途不能超过 60 个字。")
        token, key = ApiToken.issue(user=user, name=name, days=days)
        self.stderr.write(
            f"已签发接口令牌 #{token.pk}（用户 {user.username}，用途“{token.name}”），"
            f"有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}。密钥只显示这一次，请立即妥善保存："
        )
        self.stdout.write(key)
