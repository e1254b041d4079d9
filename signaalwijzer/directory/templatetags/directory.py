from django import template

from signaalwijzer.directory.selectors import contacts_for_display

register = template.Library()


@register.inclusion_tag("directory/contact_bar.html")
def contact_bar() -> dict[str, object]:
    """The emergency numbers at the top of every page; needs no request, so error pages have it too."""
    return {"contacts": contacts_for_display(contact_bar_only=True)}
