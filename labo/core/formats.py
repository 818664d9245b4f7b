"""Amounts written the French way, the same on every page, PDF and message: the thousands
separated as Django's French locale does (a narrow no-break space), a decimal comma, then a
no-break space and the euro sign, so « € » never starts a line on its own."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.formats import number_format

NO_VALUE = "—"


def euros(value, decimals: int = 2) -> str:
    """« 1 234 567,50 € » (``decimals=0``: « 1 234 568 € »), « — » for an unknown amount.

    Rounded half up as the ``floatformat`` filter did, never truncated; a float is read from
    its shortest repr (0.1 stays 0.1). Raises for what is not a number."""
    if value is None:
        return NO_VALUE
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    # The default 28 digits would refuse to round a bigger amount: give it the digits it has.
    with localcontext(prec=max(28, amount.adjusted() + decimals + 2)):
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if not amount:
        # « -0,00 € » is no amount: what rounds to nothing is nothing.
        amount = abs(amount)
    text = number_format(amount, decimals, use_l10n=True, force_grouping=True)
    return f"{text}\N{NO-BREAK SPACE}€"
