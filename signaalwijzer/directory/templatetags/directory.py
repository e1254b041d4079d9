from functools import cache

from django import template
from django.utils import translation

from signaalwijzer.directory.national_contacts import NationalContact, load_contacts

register = template.Library()


@cache
def national_contacts() -> tuple[NationalContact, ...]:
    return load_contacts()


@register.inclusion_tag("directory/contact_bar.html")
def contact_bar() -> dict[str, object]:
    """The emergency numbers at the top of every page; needs no request, so error pages have it too."""
    language = translation.get_language() or "nl"
    return {
        "contacts": [
            {"phone": c.phone, "tel_uri": c.tel_uri, "label": c.label_in(language), "when": c.when_in(language)}
            for c in national_contacts()
            if c.contact_bar
        ]
    }
