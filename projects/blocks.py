"""StreamField blocks of a project page. Each block has its own template in
templates/projects/blocks/ so editors see in the admin what visitors get."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    images = blocks.ListBlock(ImageBlock(label=_("Image")), label=_("Images"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Galerie d'images")
        template = "projects/blocks/gallery_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"), max_length=800)
    author = blocks.CharBlock(label=_("Auteur ou autrice"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "projects/blocks/quote_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé du lien"),
        required=False,
        max_length=160,
        help_text=_("Par défaut, le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "projects/blocks/document_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Adresse de la vidéo"), help_text=_("PeerTube, Vimeo, YouTube…"))
    transcript = blocks.TextBlock(
        label=_("Transcription ou description"),
        required=False,
        help_text=_("Alternative textuelle de la vidéo (RGAA)."),
    )

    class Meta:
        icon = "media"
        label = _("Vidéo")
        template = "projects/blocks/video_block.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Chiffre"), max_length=20)
    label = blocks.CharBlock(label=_("Légende"), max_length=80)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres clés"), min_num=1, max_num=8)

    class Meta:
        icon = "pick"
        label = _("Chiffres clés")
        template = "projects/blocks/key_figures_block.html"


class TimelineEventBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(label=_("Étape"), max_length=120)
    text = blocks.TextBlock(label=_("Détail"), required=False, max_length=400)


class TimelineBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    events = blocks.ListBlock(TimelineEventBlock(), label=_("Dates clés"), min_num=1)

    class Meta:
        icon = "date"
        label = _("Frise des dates clés")
        template = "projects/blocks/timeline_block.html"


class ProjectBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"), features=TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    gallery = GalleryBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    video = VideoBlock()
    key_figures = KeyFiguresBlock()
    timeline = TimelineBlock()


class FinancingPlanBlock(blocks.StreamBlock):
    table = TableBlock(
        label=_("Tableau"),
        template="projects/blocks/table_block.html",
        table_options={"startRows": 4, "startCols": 3},
    )
