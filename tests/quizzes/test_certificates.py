"""Certificates: codes typed any way, the PDF in any script, the badge's fit and its Open Badges data."""

import io

import jsonschema
import pytest
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from modules.models import ModulePage, Pathway
from quizzes.knowledge import certificates, services
from quizzes.knowledge.certificates import normalise_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REAL_SITE = "https://learn.example-council.test"


@pytest.fixture
def module(curriculum):
    return ModulePage.objects.get(slug="three-principles")


@pytest.fixture
def certificate(module, site_pages):
    user = UserFactory(full_name="Amina Okafor", email="Amina.Okafor@Example.org")
    return services._issue(user, module=module)


# Codes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JKMN",
        "abcd-efgh-jkmn",
        "abcdefghjkmn",
        "ABCDEFGHJKMN",
        "abcd efgh jkmn",
        "  abcd  efgh-jkmn ",
        "AbCd–EfGh–JkMn",  # en dashes, as a word processor turns them
        "abcd.efgh.jkmn",
        "abcd_efgh_jkmn",
        "abcd\tefgh\njkmn",
    ],
)
def test_normalise_code_accepts_any_case_and_separator(typed):
    assert normalise_code(typed) == "ABCD-EFGH-JKMN"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("", ""),
        (None, ""),
        ("---", ""),
        ("abc", "ABC"),
        ("abcd-efgh-jkmnp", "ABCDEFGHJKMNP"),
        ("nope-nope", "NOPENOPE"),
    ],
)
def test_normalise_code_leaves_what_cannot_be_a_code_recognisable(typed, expected):
    assert normalise_code(typed) == expected
    assert not certificates.looks_like_code(normalise_code(typed))


def test_looks_like_code_knows_the_alphabet():
    assert certificates.looks_like_code("ABCD-EFGH-JKMN")
    # The alphabet leaves out I, O, 0 and 1, which are easily misread.
    assert not certificates.looks_like_code("ABCD-EFGH-IJKO")
    assert certificates.looks_like_code(normalise_code(services.new_code().lower()))


def test_every_verification_route_uses_the_one_normalisation(client, certificate):
    typed = certificate.code.lower().replace("-", "")
    # The form redirects to the canonical page.
    response = client.get(reverse("certificate_verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificate_verify", args=[certificate.code])
    # The page for a loosely typed code redirects too; the canonical page says valid.
    response = client.get(reverse("certificate_verify", args=[typed]))
    assert response.status_code == 302 and response["Location"].endswith(f"/{certificate.code}/")
    assert "is valid" in client.get(response["Location"]).content.decode()
    # The API accepts the same.
    body = APIClient().get(reverse("api_certificate_verify", args=[typed])).json()
    assert body["valid"] is True and body["code"] == certificate.code
    # The hosted assertion too.
    assert client.get(reverse("badge_assertion", args=[typed])).status_code == 200


def test_verify_form_explains_a_missing_or_malformed_code_and_keeps_it(client, site_pages):
    page = client.get(reverse("certificate_verify_form"))
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    empty = client.get(reverse("certificate_verify_form"), {"code": "  "})
    assert empty.status_code == 400 and "Enter the certificate" in empty.content.decode()
    wrong = client.get(reverse("certificate_verify_form"), {"code": "abc-12"})
    html = wrong.content.decode()
    assert wrong.status_code == 400 and "12 letters and numbers" in html and 'value="abc-12"' in html
    unknown = client.get(reverse("certificate_verify_form"), {"code": "zzzz zzzz zzzz"}, follow=True)
    assert unknown.status_code == 404 and "No certificate has this code" in unknown.content.decode()


def test_verify_pages_are_quick(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("certificate_verify", args=[certificate.code]))
    with django_assert_max_num_queries(10):
        client.get(reverse("badge_assertion", args=[certificate.code]))


# Addresses ------------------------------------------------------------------------------------


def test_links_use_the_configured_site_address(certificate):
    with override_settings(SITE_URL=REAL_SITE + "/"):
        assert certificates.verification_url(certificate) == f"{REAL_SITE}/certificates/verify/{certificate.code}/"
        document = certificates.assertion(certificate)
        context = certificates.pdf_context(certificate)
    assert document["id"].startswith(REAL_SITE + "/") and document["badge"].startswith(REAL_SITE + "/")
    assert context["verify_url"].startswith(REAL_SITE + "/") and context["verify_page"].startswith(REAL_SITE + "/")
    for value in (document["id"], document["badge"], context["verify_url"]):
        assert "example.com" not in value and "localhost" not in value


def test_make_run_passes_its_address_to_the_site():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "SITE_URL=$(SITE_URL)" in run
    assert "SITE_URL ?= http://$(HOST):$(PORT)" in makefile


# The PDF --------------------------------------------------------------------------------------

NAMES = {
    "Arabic": "ليلى حداد",
    "Chinese": "王小明",
    "Cyrillic": "Ольга Петренко",
    "Devanagari": "प्रिया शर्मा",
    "Latin": "Zoë Ní Bhriain",
}


SCRIPT_FONTS = {
    "Arabic": ("DejaVu", "Arabic"),
    "Chinese": ("Droid-Sans-Fallback", "CJK"),
    "Cyrillic": ("Noto-Sans", "DejaVu"),
    "Devanagari": ("Devanagari",),
    "Latin": ("Noto-Sans", "DejaVu"),
}


def _fonts_for_every_script_installed():
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return False
    installed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    return "NotoSansDevanagari" in installed and "DroidSansFallback" in installed


@pytest.mark.skipif(
    not _fonts_for_every_script_installed(),
    reason="needs fonts for every script: apt-get install -y fonts-noto-core fonts-droid-fallback (CI installs them)",
)
@pytest.mark.parametrize("script", list(NAMES))
def test_pdf_prints_names_in_any_script_in_a_font_that_has_them(script, module, site_pages):
    """Every letter of the name is drawn with a real glyph from an embedded font made for the script.

    WeasyPrint records, for each font it embeds, which glyph drew which characters (the PDF's
    ToUnicode map): the name must be there in full, drawn by a font for its script, and no
    character may have fallen back to the empty box (glyph 0, .notdef).
    """
    user = UserFactory(full_name=NAMES[script])
    certificate = services._issue(user, module=module)
    document = certificates.pdf_document(certificate)
    pdf = document.write_pdf()
    assert pdf[:4] == b"%PDF"
    drawn_by = {}
    for font in document.fonts.values():
        family = font.name.decode().split("+", 1)[-1]
        assert 0 not in font.to_unicode, f"{family} drew an empty box for {font.to_unicode[0]!r}"
        for text in font.to_unicode.values():
            for character in text:
                drawn_by.setdefault(character, set()).add(family)
    letters = [c for c in NAMES[script] if not c.isspace()]
    missing = [c for c in letters if c not in drawn_by]
    assert not missing, f"not drawn by any embedded font: {missing!r}"
    families = set().union(*(drawn_by[c] for c in letters if c.isalpha()))
    assert any(hint in family for family in families for hint in SCRIPT_FONTS[script]), families


def test_pdf_has_what_a_manager_looks_for(certificate):
    with override_settings(SITE_URL=REAL_SITE):
        context = certificates.pdf_context(certificate)
        html = certificates.render_to_string("pdf/certificate.html", context)
    for expected in (
        "S2T Learn",
        "Amina Okafor",
        "The three principles",
        certificate.code,
        f"{REAL_SITE}/certificates/verify/{certificate.code}/",
        f"{REAL_SITE}/certificates/verify/",
        "Hours of learning",
        "not certification by the Safe &amp; Together Institute",
    ):
        assert expected in html, expected
    assert certificate.issued_at.strftime("%Y") in html
    assert context["hours"] == certificates.hours_of_learning(certificate) != "0"


@pytest.mark.parametrize("minutes, hours", [(0, "0"), (30, "0.5"), (60, "1"), (90, "1.5"), (135, "2.2"), (600, "10")])
def test_hours_of_learning(minutes, hours):
    class Stub:
        learning_minutes = minutes

    assert certificates.hours_of_learning(Stub()) == hours


# The badge ------------------------------------------------------------------------------------


def _longest_titles():
    titles = [m.title for m in ModulePage.objects.all()] + [p.name for p in Pathway.objects.all()]
    assert titles
    longest = max(titles, key=len)
    return [longest, longest + " " + longest, "Supercalifragilisticexpialidocious" * 3]


def test_badge_title_fits_inside_its_box_and_nothing_is_cut(curriculum):
    left, top, right, bottom = certificates.TITLE_BOX
    for title in _longest_titles():
        lines, font, _centres, boxes = certificates.title_layout(title)
        assert "".join(lines).replace(" ", "") == title.replace(" ", ""), "words were dropped"
        assert not any(line.endswith("…") for line in lines)
        for box in boxes:
            assert left <= box[0] and box[2] <= right, (title, box)
            assert top - 2 <= box[1] and box[3] <= bottom + 2, (title, box)


def test_badge_shrinks_a_long_title_rather_than_cutting_it():
    short = certificates.title_layout("Short")[1].size
    title = "A much longer module title that runs on and on, well past what four lines of the largest letters hold"
    long = certificates.title_layout(title)[1].size
    assert long < short


OPEN_BADGES_ASSERTION = {
    "type": "object",
    "required": ["@context", "type", "id", "recipient", "badge", "verification", "issuedOn"],
    "properties": {
        "@context": {"const": "https://w3id.org/openbadges/v2"},
        "type": {"const": "Assertion"},
        "id": {"type": "string", "format": "uri", "pattern": "^https?://"},
        "recipient": {
            "type": "object",
            "required": ["type", "identity", "hashed", "salt"],
            "properties": {
                "type": {"const": "email"},
                "hashed": {"const": True},
                "salt": {"type": "string", "minLength": 8},
                "identity": {"type": "string", "pattern": "^sha256\\$[0-9a-f]{64}$"},
            },
        },
        "badge": {"type": "string", "pattern": "^https?://"},
        "verification": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": ["hosted", "HostedBadge"]}},
        },
        "issuedOn": {"type": "string", "format": "date-time"},
    },
}
OPEN_BADGES_BADGE_CLASS = {
    "type": "object",
    "required": ["@context", "type", "id", "name", "description", "image", "criteria", "issuer"],
    "properties": {
        "@context": {"const": "https://w3id.org/openbadges/v2"},
        "type": {"const": "BadgeClass"},
        "id": {"type": "string", "pattern": "^https?://"},
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "image": {"type": "string", "pattern": "^https?://"},
        "criteria": {"type": "object", "anyOf": [{"required": ["narrative"]}, {"required": ["id"]}]},
        "issuer": {"type": "string", "pattern": "^https?://"},
    },
}
OPEN_BADGES_ISSUER = {
    "type": "object",
    "required": ["@context", "type", "id", "name", "url", "email"],
    "properties": {
        "@context": {"const": "https://w3id.org/openbadges/v2"},
        "type": {"enum": ["Issuer", "Profile"]},
        "id": {"type": "string", "pattern": "^https?://"},
        "url": {"type": "string", "pattern": "^https?://"},
        "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"},
    },
}


def _local(client, url):
    """Fetch a public URL of this site through the test client."""
    assert url.startswith(REAL_SITE + "/"), url
    return client.get(url[len(REAL_SITE) :])


@override_settings(SITE_URL=REAL_SITE)
def test_badge_bakes_a_valid_open_badges_assertion_that_the_site_hosts(client, certificate):
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    png = certificates.badge_bytes(certificate)
    # An independent reader: Pillow's own PNG parser finds the iTXt chunk.
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (600, 600)
        chunks = [c for c in image.text.keys()]
        baked_text = image.text["openbadges"]
    assert chunks == ["openbadges"]
    assert b"iTXtopenbadges\x00\x00" in png  # uncompressed, as the baking specification asks
    import json

    baked = json.loads(baked_text)
    jsonschema.validate(baked, OPEN_BADGES_ASSERTION, format_checker=checker)
    # The recipient is hashed and salted: the email never appears.
    assert "amina" not in baked_text.lower()
    assert baked["recipient"]["identity"] == certificates.hashed_identity(
        "amina.okafor@example.org", baked["recipient"]["salt"]
    )

    # The hosted assertion is the same document, public, at the id it gives.
    hosted = _local(client, baked["id"])
    assert hosted.status_code == 200 and hosted["Content-Type"].startswith("application/json")
    assert hosted["Access-Control-Allow-Origin"] == "*"
    assert hosted.json() == baked
    # Its badge class and the issuer are public too, and valid.
    badge_class = _local(client, baked["badge"]).json()
    jsonschema.validate(badge_class, OPEN_BADGES_BADGE_CLASS, format_checker=checker)
    assert badge_class["name"] == "The three principles"
    image = _local(client, badge_class["image"])
    assert image.status_code == 200 and image.content[:8] == b"\x89PNG\r\n\x1a\n"
    issuer = _local(client, badge_class["issuer"]).json()
    jsonschema.validate(issuer, OPEN_BADGES_ISSUER, format_checker=checker)
    assert issuer["name"] == "S2T Learn" and "not the Safe & Together Institute" in issuer["description"]


def test_the_badge_file_made_for_a_certificate_is_baked(certificate):
    certificates.render_files(certificate)
    baked = certificates.read_baked_assertion(certificate.badge.read())
    assert baked["id"].endswith(f"/certificates/{certificate.code}/assertion.json")


def test_pathway_badges_have_their_own_class(client, site_pages, curriculum):
    pathway = Pathway.objects.first()
    user = UserFactory()
    certificate = services._issue(user, pathway=pathway)
    document = certificates.assertion(certificate)
    assert document["badge"].endswith(f"/badges/pathway-{pathway.slug}.json")
    assert client.get(reverse("badge_class", args=[f"pathway-{pathway.slug}"])).json()["name"] == pathway.name


def test_unknown_badges_and_assertions_are_404(client, site_pages):
    assert client.get(reverse("badge_class", args=["module-no-such-module"])).status_code == 404
    assert client.get(reverse("badge_class", args=["nonsense"])).status_code == 404
    assert client.get(reverse("badge_class_image", args=["module-no-such-module"])).status_code == 404
    assert client.get(reverse("badge_assertion", args=["ZZZZ-ZZZZ-ZZZZ"])).status_code == 404


def test_a_deleted_certificate_is_no_longer_verified(client, certificate):
    """Certificates are not revoked one by one; a learner who deletes their account takes theirs
    with them, and the hosted assertion then fails verification (404)."""
    code = certificate.code
    certificate.user.delete()
    assert client.get(reverse("badge_assertion", args=[code])).status_code == 404
    assert client.get(reverse("certificate_verify", args=[code])).status_code == 404
