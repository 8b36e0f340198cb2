"""Masking of ID and phone numbers for display, lists, exports and documents."""


def mask_id_number(value: str) -> str:
    """110101199003071234 -> 110***********1234."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678; 0755-82345678 -> 0755-****5678."""
    if not value:
        return ""
    if "-" in value:
        area, rest = value.split("-", 1)
        return f"{area}-{'*' * max(len(rest) - 4, 0)}{rest[-4:]}"
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
