"""A self-assessment round end to end in real browsers: a lead opens a round and invites two
colleagues; one answers every area and sends; the other answers one area, closes the browser,
comes back on a phone and finishes; the lead closes the round, agrees an answer and reads where
the service stands, and why. A respondent who sends answers after the close is told it has closed."""

from playwright.sync_api import expect

PHONE = {"width": 375, "height": 812}
ROUND_TITLE = "Summer 2027 practice check"


def answer_for(fieldset):
    """The answer a service doing well gives: "No" to a harmful practice, "Met" to everything else."""
    no = fieldset.get_by_role("radio", name="No", exact=True)
    return no if no.count() else fieldset.get_by_role("radio", name="Met", exact=True)


# The same answers, chosen in one round trip for a whole area instead of one per statement, which
# keeps the suite quick. No change events, so nothing autosaves: "Save and continue" sends them, as it
# does without JavaScript. (The live server's threads share one SQLite connection, so a burst of
# simultaneous autosaves could collide there; on a real database it would not.)
CHOOSE_GOOD_ANSWERS_JS = """form => [...form.querySelectorAll('fieldset.statement')].map(fieldset => {
  const radio = fieldset.querySelector('input[type=radio][value=no]')
    || fieldset.querySelector('input[type=radio][value=met]');
  radio.checked = true;
  return radio.id;
}).length"""


def answer_domain(page, one_by_one=False):
    """Answer every statement in the area on screen; return how many there were.

    one_by_one: check each answer as a person would and wait for it to be saved before the next,
    so that every answer is on the server when the browser closes.
    """
    form = page.locator("form[data-respond]")
    if not one_by_one:
        return form.evaluate(CHOOSE_GOOD_ANSWERS_JS)
    fieldsets = form.locator("fieldset.statement")
    status = form.locator(".autosave-status")
    count = fieldsets.count()
    for n in range(count):
        answer_for(fieldsets.nth(n)).check()
        expect(status).to_have_text("Saved.")
    return count


def answer_remaining_domains(page, domain_count, start):
    """From area `start` (1-based) to the last, answer each one and "Save and continue"; then review."""
    for position in range(start, domain_count + 1):
        expect(page.get_by_label(f"Area {position} of {domain_count}")).to_be_attached()
        answer_domain(page)
        last = position == domain_count
        page.get_by_role("button", name="Save and review" if last else "Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check and send your answers")


def send_answers(page, total):
    expect(page.locator("main")).to_contain_text(f"You have answered {total} of {total} statements.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_round_from_opening_to_moderated_results(demo_site, new_page, sign_in, artifacts):
    from quizzes.models import Answer, Round

    base = demo_site.url

    # The lead opens a round for the whole organisation, anonymous, and invites two colleagues.
    lead = new_page()
    sign_in(lead, "lead@example.org")
    lead.get_by_role("navigation", name="Main").get_by_role("link", name="Self-assessment").click()
    lead.get_by_label("Name of this round").fill(ROUND_TITLE)
    lead.get_by_label("Who is it for?").select_option(label="The whole organisation")
    # Named: an anonymous round needs three people's answers before anything shows (test_round_integrity).
    lead.get_by_role("radio", name="Named: leads see each person's answers").check()
    lead.locator("main form").get_by_role("button", name="Open round").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(ROUND_TITLE)
    expect(lead.get_by_role("status")).to_contain_text("Round opened")
    round_ = Round.objects.get(title=ROUND_TITLE)
    assert not round_.is_anonymous and round_.team is None and round_.is_open
    lead.get_by_role("checkbox", name="Aisha Rahman").check()
    lead.get_by_role("checkbox", name="Sam Okafor").check()
    lead.get_by_role("button", name="Invite selected members").click()
    expect(lead.get_by_role("status")).to_contain_text("2 colleagues invited.")
    respondents = lead.get_by_role("region", name="Respondents")
    expect(respondents).to_contain_text("Aisha Rahman")
    expect(respondents).to_contain_text("Sam Okafor")

    domains = round_.snapshot["domains"]
    total = sum(len(domain["statements"]) for domain in domains)
    respond_url = f"{base}/assessments/{round_.pk}/respond/"

    # Colleague 1 answers every area with "Save and continue", then sends.
    first = new_page()
    sign_in(first, "learner@example.org")
    first.goto(respond_url + f"?domain={domains[0]['key']}")
    expect(first.get_by_role("heading", level=1)).to_have_text(domains[0]["title"])
    expect(first.locator("main")).to_contain_text("This round is named")
    answer_remaining_domains(first, len(domains), start=1)
    send_answers(first, total)

    # Colleague 2 answers the first area (saved as they go), then closes the browser.
    second = new_page()
    sign_in(second, "nursery@example.org")
    second.goto(respond_url)
    first_area = answer_domain(second, one_by_one=True)
    assert first_area == len(domains[0]["statements"])
    second.context.close()
    saved = Answer.objects.filter(invitation__round=round_, invitation__user__email="nursery@example.org")
    assert saved.count() == first_area

    # Back on a phone, in a new browser: the first area's answers are still chosen.
    second = new_page(viewport=PHONE)
    sign_in(second, "nursery@example.org")
    second.goto(respond_url)
    # Resuming opens the first area not yet done; the area list marks the one already done.
    expect(second.get_by_role("heading", level=1)).to_have_text(domains[1]["title"])
    areas = second.get_by_role("navigation", name="Areas")
    expect(areas.locator("li").first).to_contain_text("Done")
    areas.get_by_role("link", name=domains[0]["title"]).click()
    expect(second.get_by_role("heading", level=1)).to_have_text(domains[0]["title"])
    fieldsets = second.locator("form[data-respond] fieldset.statement")
    expect(fieldsets).to_have_count(first_area)
    for n in range(first_area):
        expect(answer_for(fieldsets.nth(n))).to_be_checked()
    assert second.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    second.screenshot(path=artifacts / "assessment-respond-375.png", full_page=True)
    second.get_by_role("button", name="Save and continue").click()
    answer_remaining_domains(second, len(domains), start=2)
    send_answers(second, total)

    # Colleague 1 has an area open again when the lead closes the round.
    first.goto(respond_url + f"?domain={domains[0]['key']}")
    expect(first.get_by_role("heading", level=1)).to_have_text(domains[0]["title"])

    lead.reload()
    expect(respondents.locator("tbody tr")).to_have_count(2)
    expect(respondents).to_contain_text(f"{total} of {total} statements")
    lead.get_by_role("link", name="Close the round").click()
    expect(lead.locator("main")).to_contain_text("Started but not sent")
    lead.get_by_role("button", name="Close the round").click()
    expect(lead.get_by_role("status")).to_contain_text("Round closed")
    expect(lead.get_by_role("heading", level=2, name="Overall:")).to_have_text("Overall: Proficient")

    # A respondent's answers sent after the close change nothing.
    first.get_by_role("button", name="Save and continue").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("This round has closed")
    expect(first.locator("main")).to_contain_text("nothing has been changed")

    # The group agrees that a harmful practice does happen here: that area, and so the service, is
    # placed at Destructive, and the results say why.
    domain = domains[0]
    flag = next(s for s in domain["statements"] if s["kind"] == "destructive")
    area = lead.locator(f"#domain-{domain['key']}")
    area.get_by_text("Every statement in this area").click()
    area.locator(f"#statement-{flag['key']}").get_by_role("link", name="Agree an answer").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Agree an answer")
    expect(lead.locator("main .lead")).to_have_text(flag["text"])
    lead.locator("main form").get_by_role("radio", name="Yes", exact=True).check()
    reason = "At the team meeting two colleagues described this happening in the last month."
    lead.get_by_label("Why the group agreed this").fill(reason)
    lead.get_by_role("button", name="Record agreed answer").click()

    expect(lead.get_by_role("status")).to_contain_text("Agreed answer recorded")
    expect(lead.locator("main")).to_contain_text("with 1 answer agreed by the group")
    overall = lead.get_by_role("heading", level=2, name="Overall:")
    expect(overall).to_have_text("Overall: Destructive")
    why = lead.locator("section").filter(has=lead.get_by_role("heading", level=2, name="Why each area is where it is"))
    expect(why).to_be_visible()
    explanation = why.locator(f"#domain-{domain['key']}")
    expect(explanation.get_by_role("heading", level=3)).to_contain_text(f"{domain['title']}: Destructive")
    expect(explanation).to_contain_text("The harmful practice that holds this area at Destructive")
    expect(explanation.locator("ul").first).to_contain_text(flag["text"])
    lead.screenshot(path=artifacts / "assessment-results-moderated.png", full_page=True)
