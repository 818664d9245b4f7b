"""The blocks every page body offers (headings, paragraphs, images, call-to-action boxes):
the home page, events and resources all build on ``BodyBlock``, so none of them depends on
another feature for it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    link = blocks.URLBlock(label=_("Lien"), required=False)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    link_label = blocks.CharBlock(label=_("Texte du lien"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Encart avec lien")
        template = "blocks/call_to_action_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    call_to_action = CallToActionBlock()
