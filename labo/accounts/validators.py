from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siren(value: str) -> str:
    """Users paste SIREN numbers with spaces ("123 456 789"): keep the digits only."""
    return "".join(value.split())


def validate_siren(value: str) -> None:
    siren = normalise_siren(value)
    if not siren.isdigit() or len(siren) != 9:
        raise ValidationError(
            _("Le SIREN doit comporter exactement 9 chiffres (par exemple 732 829 320)."),
            code="siren_format",
        )
    if not luhn_is_valid(siren):
        raise ValidationError(
            _("Ce numéro SIREN n'est pas valide : vérifiez les chiffres saisis."),
            code="siren_checksum",
        )
