"""A diagram lesson and a module's printable summary, reached from the home page by clicking."""

from playwright.sync_api import expect

from .axe import describe, scan


def test_learner_finds_a_module_summary_and_a_diagram_with_its_description(page, demo_site):
    page.goto(demo_site.url + "/")
    page.locator("nav.site-nav").get_by_role("link", name="Learn").click()
    page.locator("main").get_by_role("link", name="The three principles").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("three principles")

    link = page.get_by_role("link", name="Download a one-page summary (PDF)")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    violations = scan(page)
    assert violations == [], describe(violations, "module page ")

    page.locator("ol.lesson-list").get_by_role("link").first.click()
    figure = page.locator("figure.diagram--three_principles")
    expect(figure.get_by_role("img", name="The three principles of the Safe & Together Model")).to_be_visible()
    figure.get_by_text("Text description of the diagram").click()
    expect(figure.locator("table")).to_contain_text("Intervene")
    violations = scan(page)
    assert violations == [], describe(violations, "lesson with a diagram ")
