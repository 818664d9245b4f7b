"""A form that creates something is acted on once: a second POST of the same page (a double
click, a reload while the first answer is slow) leads to what the first one created.

Each such form carries a one-time token (``{% submission_token %}``). ``SubmissionGuard``
claims it with ``cache.add``, which only one request can win; the others wait a few seconds
for the winner's result and are sent to it. A refused form (invalid, rate-limited) gives its
claim back, so the corrected form can be sent with the same token.
"""

import time

from django.core.cache import cache

FIELD = "envoi"
PENDING = "en-cours"
# How long a claim waits for its result: past it, a stuck request no longer blocks the form.
CLAIM_SECONDS = 60
# How long a sent form remembers where it led (a reload an hour later creates nothing).
REMEMBER_SECONDS = 60 * 60
WAIT_SECONDS = 5
POLL_SECONDS = 0.1


class SubmissionGuard:
    def __init__(self, request):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        self.key = None
        if 16 <= len(token) <= 64 and request.user.is_authenticated:
            # Per account: a token seen in someone else's page leads nowhere.
            self.key = f"labo:submission:{request.user.pk}:{token}"

    def earlier_result(self) -> str | None:
        """Where an earlier POST of this form led, or None when this request is the first
        (it then holds the claim until ``done`` or ``release``)."""
        if self.key is None:
            return None
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            if cache.add(self.key, PENDING, CLAIM_SECONDS):
                return None
            result = cache.get(self.key)
            if result not in (None, PENDING):
                return result
            if time.monotonic() > deadline:
                return None
            time.sleep(POLL_SECONDS)

    def done(self, url: str) -> str:
        if self.key is not None:
            cache.set(self.key, url, REMEMBER_SECONDS)
        return url

    def release(self) -> None:
        if self.key is not None:
            cache.delete(self.key)
