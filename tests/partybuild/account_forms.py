"""The data of a valid account form (管理员管理), shared by the account admin's tests."""

from partybuild.core.validators import id_number_check_character


def female_id_number(sequence: int) -> str:
    """A valid 公民身份号码 of a woman born 1949-12-31 (docs/domain.md §2); ``sequence`` < 500."""
    first17 = f"11010519491231{sequence:02d}{(sequence * 2) % 10}"
    return first17 + id_number_check_character(first17)


def account_data(place, /, **overrides) -> dict:
    """A new account of a woman placed in ``place``, with every required field."""
    data = {
        "username": "zhangsan",
        "name": "张三",
        "code": "A001",
        "id_number": "11010519491231002x",
        "gender": "female",
        "birth_date": "1949-12-31",
        "phone": "13812341234",
        "email": "zhangsan@example.com",
        "address": "慈利县城西",
        "organisation": place.pk,
        "password1": "a-long-passphrase-2026",
        "password2": "a-long-passphrase-2026",
        "is_active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(account, place, /, **overrides) -> dict:
    """The edit form of an existing account with every required field filled in."""
    fields = {
        "username": account.username,
        "name": account.name or account.username,
        "code": account.code or f"C{account.pk}",
        "id_number": account.id_number or female_id_number(account.pk % 100),
        "phone": account.phone or f"139{account.pk:08d}",
        "email": f"{account.username}@example.com",
        "password1": "",
        "password2": "",
    }
    return account_data(place, **{**fields, **overrides})
