"""Member logins no longer use the member's 手机号码 as their 账号 (partybuild/services/
member_logins.py): an account named by the (decrypted) phone number of its member dossier or of
its own is renamed ``dy`` and the six-digit dossier number, and gets the member's number as its
phone where it had none, so that the member still signs in with the number
(partybuild/auth_backends.py). The historical models keep the encrypted field classes, so the
numbers are read decrypted here. Not reversed: the old names are not worth putting back."""

from django.db import migrations

from partybuild.core.validators import normalise_phone

ACCOUNT_NAME_PREFIX = "dy"


def _free_name(User, base: str, pk: int) -> str:
    name, suffix = base, 1
    while User.objects.filter(username=name).exclude(pk=pk).exists():
        suffix += 1
        name = f"{base}-{suffix}"
    return name


def account_names_rename(apps, schema_editor):
    Member = apps.get_model("partybuild", "Member")
    User = apps.get_model("partybuild", "User")
    members = Member.objects.filter(user__isnull=False).select_related("user").order_by("pk")
    for member in members.iterator(chunk_size=500):
        account = member.user
        phones = {normalise_phone(number) for number in (member.phone, account.phone) if number}
        if normalise_phone(account.username) not in phones:
            continue
        account.username = _free_name(User, f"{ACCOUNT_NAME_PREFIX}{member.pk:06d}", account.pk)
        fields = ["username"]
        if not account.phone and member.phone:
            account.phone = member.phone
            fields += ["phone", "phone_index"]  # the index field recomputes itself on save
        account.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0034_change_request_encryption"),
    ]

    operations = [
        migrations.RunPython(account_names_rename, migrations.RunPython.noop, elidable=False),
    ]
