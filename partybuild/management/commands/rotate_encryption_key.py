"""``manage.py rotate_encryption_key [--reindex]``: re-encrypt the personal data with the first
key of FIELD_ENCRYPTION_KEY (see partybuild/core/crypto.py for the rotation steps)."""

from django.core.management.base import BaseCommand

from partybuild.services.encryption import encrypted_values_rotate


class Command(BaseCommand):
    """Re-encrypts every encrypted column, model by model, and prints the rows rewritten."""

    help = "用 FIELD_ENCRYPTION_KEY 的第一个密钥重新加密全部加密字段（密钥轮换）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="同时按当前索引密钥（FIELD_INDEX_KEY）重新计算公民身份号码和手机号码的盲索引。",
        )

    def handle(self, *args, reindex: bool = False, **options):
        for label, count in encrypted_values_rotate(reindex=reindex).items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS("已完成重新加密。"))
