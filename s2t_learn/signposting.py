"""Default signposting and exit URL.

Used to seed the editable SiteSettings, and as the fallback when the database cannot be reached
(the 503 page must still offer a way out and somewhere to turn). Editors must check every number
before the site goes live.
"""

from django.utils.translation import gettext_lazy as _

DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"

DEFAULT_SIGNPOSTS = [
    {
        "name": _("In an emergency"),
        "phone": "999",
        "url": "",
        "description": _(
            "Call 999 if you or a child are in danger now. If you cannot speak on a mobile, "
            "press 55 when asked and the call will be put through to the police."
        ),
    },
    {
        "name": _("Scotland's Domestic Abuse and Forced Marriage Helpline"),
        "phone": "0800 027 1234",
        "url": "https://sdafmh.org.uk/",
        "description": _("Free, confidential, open 24 hours, for anyone in Scotland."),
    },
    {
        "name": _("National Domestic Abuse Helpline (England)"),
        "phone": "0808 2000 247",
        "url": "https://www.nationaldahelpline.org.uk/",
        "description": _("Free, confidential, open 24 hours, for women and anyone supporting them."),
    },
    {
        "name": _("Men's Advice Line"),
        "phone": "0808 801 0327",
        "url": "https://mensadviceline.org.uk/",
        "description": _("Support for men experiencing domestic abuse."),
    },
    {
        "name": _("Childline"),
        "phone": "0800 1111",
        "url": "https://www.childline.org.uk/",
        "description": _("Free, confidential help for children and young people."),
    },
    {
        "name": _("Respect Phoneline"),
        "phone": "0808 802 4040",
        "url": "https://respectphoneline.org.uk/",
        "description": _("For people worried about their own behaviour towards a partner or family."),
    },
]
