"""StreamField blocks shared by every page type's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside an article."""

    text = blocks.CharBlock(label=_("标题文字"), max_length=100)
    size = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题")), ("h4", _("四级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = _("文章中的小标题")
        label = _("小标题")


class ImageBlock(blocks.StructBlock):
    """An image with an optional caption."""

    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = _("一张图片及其说明")
        label = _("图片")


class DocumentBlock(blocks.StructBlock):
    """A downloadable document with its title."""

    document = DocumentChooserBlock(label=_("文档"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        description = _("可供下载的文件")
        label = _("附件")


class QuoteBlock(blocks.StructBlock):
    """A quotation, e.g. from a speech or a document."""

    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(label=_("出处"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = _("引用讲话或文件原文")
        label = _("引文")


class VideoEmbedBlock(EmbedBlock):
    """A video from an embeddable address."""

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        description = _("嵌入网络视频地址")
        label = _("视频")


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text paragraphs."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "h2", "h3", "ol", "ul", "link", "document-link", "hr"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = _("正文段落")
        label = _("正文")


class BodyStreamBlock(blocks.StreamBlock):
    """The body of every article page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    video = VideoEmbedBlock()

    class Meta:
        icon = "doc-full"
        template = "blocks/body_stream_block.html"
        description = _("文章正文")
