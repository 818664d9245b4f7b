from allauth.account.signals import user_signed_up
from django.contrib.auth.models import Group
from django.dispatch import receiver

from . import roles


@receiver(user_signed_up)
def make_new_user_a_member(request, user, **kwargs):
    group, _created = Group.objects.get_or_create(name=roles.MEMBRE)
    user.groups.add(group)
