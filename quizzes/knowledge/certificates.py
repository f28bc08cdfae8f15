"""Certificate files: a PDF (WeasyPrint) and a PNG badge (Pillow)."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

INDEPENDENCE = (
    "This certificate records self-paced learning on S2T Learn, an independent, open-source platform. "
    "It is not certification by the Safe & Together Institute."
)


def verification_url(certificate):
    return settings.SITE_URL.rstrip("/") + reverse("certificate_verify", args=[certificate.code])


def pdf_bytes(certificate):
    from weasyprint import HTML

    html = render_to_string(
        "pdf/certificate.html",
        {
            "certificate": certificate,
            "hours": round(certificate.learning_minutes / 60, 1),
            "verify_url": verification_url(certificate),
            "independence": INDEPENDENCE,
        },
    )
    return HTML(string=html).write_pdf()


def badge_bytes(certificate):
    image = Image.new("RGB", (400, 400), "#22477a")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    small = ImageFont.load_default(size=16)
    draw.ellipse((20, 20, 380, 380), outline="#f5c400", width=10)
    draw.text((200, 150), "S2T Learn", fill="#ffffff", font=font, anchor="mm")
    title = certificate.title if len(certificate.title) <= 34 else certificate.title[:32] + "…"
    draw.text((200, 200), title, fill="#ffffff", font=small, anchor="mm")
    draw.text((200, 250), certificate.code, fill="#f5c400", font=small, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_files(certificate):
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf_bytes(certificate)), save=False)
    certificate.badge.save(f"{certificate.code}.png", ContentFile(badge_bytes(certificate)), save=False)
    certificate.save(update_fields=["pdf", "badge"])
