"""Certificate files and their public checks.

- a PDF (WeasyPrint) a manager would accept, in a font that covers the learner's script;
- a PNG badge (Pillow) whose title always fits, with an Open Badges 2.0 assertion baked into its
  ``openbadges`` iTXt chunk;
- the hosted Open Badges documents (assertion, badge class, issuer) those point to.

Every public link is built from ``settings.SITE_URL``: the address the site is really served at
(``make run`` sets it from its HOST and PORT; a deployment sets it in the environment).
"""

import hashlib
import hmac
import io
import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4
OPEN_BADGES_CONTEXT = "https://w3id.org/openbadges/v2"

# Families the PDF asks for, in order; fontconfig falls back glyph by glyph through them, so a name
# in Latin, Cyrillic, Greek, Arabic, Devanagari or Chinese script prints in real letters.
PDF_FONT_FAMILIES = [
    "Noto Sans",
    "DejaVu Sans",
    "Noto Sans Arabic",
    "Noto Naskh Arabic",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Hebrew",
    "Noto Sans Thai",
    "Droid Sans Fallback",
    "Noto Sans CJK SC",
    "sans-serif",
]


# Codes ----------------------------------------------------------------------------------------


def normalise_code(raw):
    """The canonical form of a certificate code as a person might type it.

    Any case, with or without dashes, spaces or other separators: "abcd efgh-jkmn" and
    "ABCDEFGHJKMN" both give "ABCD-EFGH-JKMN". Anything that cannot be a code comes back
    upper-cased with its separators removed (so it is shown back, and matches nothing).
    """
    letters = re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()
    if len(letters) == CODE_GROUPS * CODE_GROUP_LENGTH:
        return "-".join(letters[i : i + CODE_GROUP_LENGTH] for i in range(0, len(letters), CODE_GROUP_LENGTH))
    return letters


def looks_like_code(code):
    """Whether a normalised code has the shape of one this site issues."""
    pattern = "-".join([f"[{CODE_ALPHABET}]{{{CODE_GROUP_LENGTH}}}"] * CODE_GROUPS)
    return re.fullmatch(pattern, code or "") is not None


# Addresses ------------------------------------------------------------------------------------


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute(path):
    return site_url() + path


def verification_url(certificate):
    return absolute(reverse("certificate_verify", args=[certificate.code]))


def site_name():
    """The name an organisation gave its deployment (Wagtail site settings), or the default."""
    from wagtail.models import Site

    from s2t_learn.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).site_name if site else "S2T Learn"


def independence_note(name):
    return _(
        "This certificate records self-paced learning on %(site)s, an independent, open-source platform. "
        "It is not certification by the Safe & Together Institute, and the Institute has not reviewed it."
    ) % {"site": name}


def learner_name(certificate):
    """The name the learner gave in their profile (their choice); their email only if they gave none."""
    return certificate.user.display_name


def hours_of_learning(certificate):
    hours = certificate.learning_minutes / 60
    return f"{hours:.1f}".rstrip("0").rstrip(".") if hours else "0"


# PDF ------------------------------------------------------------------------------------------


def pdf_context(certificate):
    name = site_name()
    return {
        "certificate": certificate,
        "site_name": name,
        "learner_name": learner_name(certificate),
        "kind": _("pathway") if certificate.pathway_id else _("module"),
        "hours": hours_of_learning(certificate),
        "verify_url": verification_url(certificate),
        "verify_page": absolute(reverse("certificate_verify_form")),
        "independence": independence_note(name),
        "font_families": ", ".join(f'"{f}"' if f != "sans-serif" else f for f in PDF_FONT_FAMILIES),
    }


def pdf_document(certificate):
    """The laid-out WeasyPrint document (its ``fonts`` say which fonts drew which characters)."""
    from weasyprint import HTML

    html = render_to_string("pdf/certificate.html", pdf_context(certificate))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def pdf_bytes(certificate):
    return pdf_document(certificate).write_pdf()


# Badge image ----------------------------------------------------------------------------------

BADGE_SIZE = 600
# The title sits in this box, inside the ring; the test measures every line against it.
TITLE_BOX = (110, 215, 490, 385)
TITLE_SIZES = (34, 30, 27, 24, 21, 19, 17, 15)
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto"]


@lru_cache(maxsize=32)
def badge_font(size, bold=False):
    """A scalable TrueType font; Pillow's own (bundled) font when none is installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width):
    """Greedy word wrap; a single word wider than the box is broken by characters."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while draw.textlength(current, font=font) > width and len(current) > 1:
            cut = len(current)
            while cut > 1 and draw.textlength(current[:cut], font=font) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def title_layout(title, draw=None):
    """Lines, font, each line's centre and bounding box, at the largest size that fits the box.

    Returns (lines, font, centres, boxes). Nothing is ever cut: at the smallest size the text
    wraps onto as many lines as it needs and the line spacing tightens to keep them in the box.
    """
    draw = draw or ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left, top, right, bottom = TITLE_BOX
    width, height = right - left, bottom - top
    for size in TITLE_SIZES:
        font = badge_font(size, bold=True)
        lines = _wrap(draw, title, font, width)
        line_height = round(size * 1.25)
        if len(lines) * line_height <= height:
            break
    else:
        line_height = height / max(1, len(lines))
    centre_x = (left + right) / 2
    first_y = (top + bottom) / 2 - (len(lines) - 1) * line_height / 2
    centres = [(centre_x, first_y + n * line_height) for n in range(len(lines))]
    boxes = [draw.textbbox(centre, line, font=font, anchor="mm") for centre, line in zip(centres, lines, strict=True)]
    return lines, font, centres, boxes


def badge_image(title, code=None, name="S2T Learn"):
    """The badge picture: the site's name, the title of the learning and (for a learner) the code."""
    image = Image.new("RGB", (BADGE_SIZE, BADGE_SIZE), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 590, 590), fill="#22477a")
    draw.ellipse((34, 34, 566, 566), outline="#f5c400", width=10)
    heading = badge_font(30, bold=True)
    if draw.textlength(name, font=heading) > 360:
        heading = badge_font(20, bold=True)
    draw.text((300, 150), name, fill="#ffffff", font=heading, anchor="mm")
    draw.line((200, 190, 400, 190), fill="#f5c400", width=3)
    lines, font, centres, _boxes = title_layout(title, draw)
    for centre, line in zip(centres, lines, strict=True):
        draw.text(centre, line, fill="#ffffff", font=font, anchor="mm")
    if code:
        draw.text((300, 440), code, fill="#f5c400", font=badge_font(26, bold=True), anchor="mm")
    draw.text((300, 480), _("Self-paced learning"), fill="#ffffff", font=badge_font(18), anchor="mm")
    return image


def png_bytes(image, baked=None):
    info = None
    if baked is not None:
        info = PngInfo()
        # Open Badges 2.0 baking: an uncompressed iTXt chunk with the keyword "openbadges".
        info.add_itxt("openbadges", json.dumps(baked, ensure_ascii=False), zip=False)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def badge_bytes(certificate):
    image = badge_image(certificate.title, certificate.code, site_name())
    return png_bytes(image, baked=assertion(certificate))


def read_baked_assertion(data):
    """The Open Badges assertion baked into a PNG, read back with Pillow (None if there is none)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        text = image.text.get("openbadges")
    return json.loads(text) if text else None


# Open Badges 2.0 documents --------------------------------------------------------------------


def badge_slug(certificate):
    """Which badge class a certificate belongs to: one per module and one per pathway."""
    if certificate.pathway_id and certificate.pathway:
        return f"pathway-{certificate.pathway.slug}"
    if certificate.module_id and certificate.module:
        return f"module-{certificate.module.slug}"
    return None


def recipient_salt(certificate):
    # Stable for a certificate, so the hosted assertion matches the one baked into the badge.
    return hmac.new(settings.SECRET_KEY.encode(), f"badge-salt:{certificate.code}".encode(), "sha256").hexdigest()[:32]


def hashed_identity(email, salt):
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def assertion(certificate):
    """The Open Badges 2.0 hosted assertion. The recipient's email is only ever given hashed and salted."""
    salt = recipient_salt(certificate)
    slug = badge_slug(certificate)
    document = {
        "@context": OPEN_BADGES_CONTEXT,
        "type": "Assertion",
        "id": absolute(reverse("badge_assertion", args=[certificate.code])),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": hashed_identity(certificate.user.email, salt),
        },
        "badge": absolute(reverse("badge_class", args=[slug])) if slug else None,
        "verification": {"type": "hosted"},
        "issuedOn": certificate.issued_at.isoformat(),
        "evidence": verification_url(certificate),
    }
    if document["badge"] is None:
        # The module or pathway has since been deleted: the class is embedded instead.
        document["badge"] = {
            **badge_class_document(None, certificate.title, "", certificate.title),
            "id": document["id"] + "#badge",
            "image": absolute(static("img/favicon.png")),
        }
    return document


def badge_class_for(slug):
    """The public BadgeClass document for a badge slug (404 if no module or pathway has it)."""
    from . import selectors

    found = selectors.badge_class(slug)
    if found["kind"] == "module":
        criteria = _("Read every lesson of the module and pass its knowledge quiz.")
    else:
        criteria = _("Complete every module of the pathway: read every lesson and pass each knowledge quiz.")
    document = badge_class_document(slug, found["name"], found["description"], criteria)
    document["criteria"]["id"] = absolute(found["path"])
    return document


def badge_class_document(slug, name, description, criteria_text):
    return {
        "@context": OPEN_BADGES_CONTEXT,
        "type": "BadgeClass",
        "id": absolute(reverse("badge_class", args=[slug])) if slug else "",
        "name": name,
        "description": description or name,
        "image": absolute(reverse("badge_class_image", args=[slug])) if slug else "",
        "criteria": {"narrative": criteria_text},
        "issuer": absolute(reverse("badge_issuer")),
    }


def issuer_document():
    return {
        "@context": OPEN_BADGES_CONTEXT,
        "type": "Issuer",
        "id": absolute(reverse("badge_issuer")),
        "name": site_name(),
        "url": site_url() + "/",
        "email": settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(" >"),
        "description": _(
            "An independent, open-source platform for self-paced learning about the Safe & Together Model. "
            "It is not the Safe & Together Institute and its badges are not Institute certification."
        ),
    }


def render_files(certificate):
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf_bytes(certificate)), save=False)
    certificate.badge.save(f"{certificate.code}.png", ContentFile(badge_bytes(certificate)), save=False)
    certificate.save(update_fields=["pdf", "badge"])
