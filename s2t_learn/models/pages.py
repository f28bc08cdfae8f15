from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


class WayInBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"))
    link_text = blocks.CharBlock(label=_("Link text"))
    link_url = blocks.CharBlock(label=_("Link (a path on this site, such as /org/)"))

    class Meta:
        icon = "link"
        template = "blocks/way_in.html"


class HomePage(Page):
    intro = RichTextField(blank=True)
    ways_in = StreamField([("way_in", WayInBlock())], blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("ways_in")]
    max_count = 1
    template = "s2t_learn/home_page.html"

    def route(self, request, path_components):
        """Find a descendant by its URL path in one step, instead of one level at a time.

        Keeps every page within the query budget however deep it sits. A path no page has
        exactly (a page that routes its own sub-paths) falls back to Wagtail's walk down the tree.
        """
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path, path__startswith=self.path).only("id", "content_type").first()
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page: about, accessibility statement, privacy and cookies."""

    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", template="blocks/heading.html")),
            ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
        ],
        use_json_field=True,
    )
    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("body")]
    template = "s2t_learn/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
