"""Characters nobody types on purpose in a name or a title, refused with a French message.

Control characters break e-mail headers and spreadsheets; bidirectional overrides and
isolates (U+202A–U+202E, U+2066–U+2069) make « facture‮fdp.exe » read as « facture exe.pdf »;
zero-width characters (U+200B–U+200F, U+FEFF) make two names that look identical differ,
which is how a look-alike structure or account passes for the real one. Multi-line texts
(messages, descriptions) keep line breaks; every single-line text field of the site goes
through ``refuse_hidden_characters`` (``labo.core.forms.SingleLineTextChecks``)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HIDDEN_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)
ZERO_WIDTH_JOINER = "\u200d"
VARIATION_SELECTOR_16 = "\ufe0f"


def _pictographic(character: str) -> bool:
    # Emoji and pictographs (« So », other symbols, in the emoji blocks): what a zero-width
    # joiner legitimately joins in « 👩‍👩‍👧 ».
    return unicodedata.category(character) == "So" or "\U0001f000" <= character <= "\U0001faff"


def _joins_emoji(value: str, index: int) -> bool:
    before = value[:index].rstrip(VARIATION_SELECTOR_16)
    after = value[index + 1 :]
    return bool(before) and bool(after) and _pictographic(before[-1]) and _pictographic(after[0])


def refuse_hidden_characters(value) -> None:
    if not isinstance(value, str):
        return
    for match in HIDDEN_CHARACTERS.finditer(value):
        character = match.group()
        if character == ZERO_WIDTH_JOINER and _joins_emoji(value, match.start()):
            continue
        raise ValidationError(
            _(
                "Ce texte contient un caractère invisible ou de contrôle (U+%(code)s) : "
                "retirez-le, par exemple en retapant le texte au lieu de le coller."
            ),
            code="hidden_character",
            params={"code": f"{ord(character):04X}"},
        )
