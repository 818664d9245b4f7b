from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from labo.core.blocks import BodyBlock


class ResourceBodyBlock(BodyBlock):
    """The site's body blocks, plus embedded videos for the « vidéo » and « replay de
    webinaire » resources."""

    embed = EmbedBlock(
        label=_("Vidéo intégrée"),
        help_text=_("Adresse d'une vidéo (PeerTube, Vimeo, YouTube…)."),
    )
    quote = blocks.BlockQuoteBlock(label=_("Citation"))
