"""Load scenario of ``manage.py site_benchmark --load``: visitors, members posting in the forum
and staff working on dossiers, on the seeded benchmark database.

Run by the command (which passes the seeded addresses and accounts in
``LABO_BENCH_SCENARIO``); by hand, against a server started with ``labo.settings.bench``::

    LABO_BENCH_SCENARIO='…' locust -f labo/bench/locustfile.py --headless \\
        -u 50 -r 10 -t 2m --host http://127.0.0.1:8765

Any answer other than the expected one counts as a failure, a 429 of the forum's rate limits
included: each simulated member has an account of its own and waits long enough between
replies to stay under the limit of ten messages a minute.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

SCENARIO = json.loads(os.environ.get("LABO_BENCH_SCENARIO", "{}"))
_member_numbers = itertools.count()
_staff_numbers = itertools.count()


def _csrf(user):
    return user.client.cookies.get("csrftoken", "")


def _login(user, email):
    user.client.get("/compte/login/", name="connexion (formulaire)")
    with user.client.post(
        "/compte/login/",
        data={
            "login": email,
            "password": SCENARIO["password"],
            "csrfmiddlewaretoken": _csrf(user),
        },
        name="connexion",
        catch_response=True,
    ) as response:
        if "sessionid" not in user.client.cookies:
            errors = re.findall(r'<ul class="errorlist[^"]*">\s*<li>([^<]+)', response.text)
            response.failure(f"connexion refusée pour {email} ({response.status_code} {errors})")


class Visitor(HttpUser):
    """Anyone reading the site: the pages a search engine or a curious neighbour opens."""

    weight = 6
    wait_time = between(1, 4)

    @task(3)
    def home(self):
        self.client.get(SCENARIO["home"], name="accueil")

    @task(2)
    def directory(self):
        self.client.get(SCENARIO["directory"], name="annuaire filtré")

    @task(2)
    def project(self):
        self.client.get(SCENARIO["project"], name="page projet")

    @task(2)
    def resources(self):
        self.client.get(SCENARIO["resources"], name="ressources")

    @task(2)
    def search(self):
        self.client.get(SCENARIO["search"], name="recherche")

    @task(2)
    def topic(self):
        topic = random.choice(SCENARIO["topics"])
        self.client.get(f"/forum/sujets/{topic}/", name="sujet du forum")


class Member(HttpUser):
    """A logged-in member reading topics and replying now and then."""

    weight = 3
    wait_time = between(3, 8)

    def on_start(self):
        number = next(_member_numbers)
        if number >= SCENARIO["member_count"]:
            raise RuntimeError("Plus de membres simulés que de comptes semés.")
        _login(self, SCENARIO["member_email"].format(number))

    @task(4)
    def read(self):
        topic = random.choice(SCENARIO["topics"])
        self.client.get(f"/forum/sujets/{topic}/", name="sujet du forum (membre)")

    @task(1)
    def reply(self):
        topic = random.choice(SCENARIO["topics"])
        self.client.post(
            f"/forum/sujets/{topic}/repondre/",
            data={
                "body": "Merci pour ce retour, nous avons vécu la même chose dans notre "
                "groupe : la **salle commune** a tout changé.",
                "csrfmiddlewaretoken": _csrf(self),
            },
            headers={"Referer": f"{self.host}/forum/sujets/{topic}/"},
            name="réponse au forum",
        )


class Staff(HttpUser):
    """An instructor going through the listing, opening dossiers, leaving internal notes."""

    weight = 1
    wait_time = between(2, 6)

    def on_start(self):
        number = next(_staff_numbers)
        if number >= SCENARIO["staff_count"]:
            raise RuntimeError("Plus d'instructeurs simulés que de comptes semés.")
        _login(self, SCENARIO["staff_email"].format(number))

    @task(3)
    def listing(self):
        self.client.get(SCENARIO["staff"], name="liste d'instruction")

    @task(3)
    def dossier(self):
        dossier = random.choice(SCENARIO["dossiers"])
        self.client.get(f"/instruction/dossiers/{dossier}/", name="dossier")

    @task(1)
    def comment(self):
        dossier = random.choice(SCENARIO["dossiers"])
        self.client.post(
            f"/instruction/dossiers/{dossier}/commentaires/",
            data={
                "body": "Pièces vérifiées, dossier complet pour l'entretien préalable.",
                "visibility": "interne",
                "csrfmiddlewaretoken": _csrf(self),
            },
            headers={"Referer": f"{self.host}/instruction/dossiers/{dossier}/"},
            name="commentaire interne",
        )
