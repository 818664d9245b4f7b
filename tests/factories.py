"""Factories shared by the whole suite. Text defaults carry a <script> payload so that every
page test also checks that user text is escaped."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from labo.accounts import roles
from labo.accounts.models import Membership, Organisation, User
from labo.accounts.occitanie import Departement, LegalForm
from labo.notifications.models import Notification

HOSTILE = '<script>alert("xss")</script>'


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    display_name = factory.Sequence(lambda n: f"Personne {n} {HOSTILE}")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        if extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
            self.groups.add(Group.objects.get(name=roles.MEMBRE))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Coopérative {n} {HOSTILE}")
    legal_form = LegalForm.HABITANTS_COOP
    ess_status = Organisation.EssStatus.BY_LAW
    departement = Departement.HERAULT
    kind = Organisation.Kind.HOLDER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    message = factory.Sequence(lambda n: f"Notification {n} {HOSTILE}")
    link = "/mon-espace/"
