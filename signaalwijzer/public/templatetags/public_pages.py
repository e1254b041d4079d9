from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()

PAGE_URLS: dict[str, tuple[str, dict[str, str]]] = {
    "ouders": ("public:parents", {}),
    "ouders-check": ("public:quick_check", {}),
    "jongeren": ("public:young_people", {}),
    "hulp-en-informatie": ("public:resources", {}),
    "toegankelijkheid": ("public:accessibility", {}),
    "veilig-surfen": ("public:safe_browsing", {}),
}


@register.simple_tag
def page_url(slug: str) -> str:
    if slug in PAGE_URLS:
        name, kwargs = PAGE_URLS[slug]
        return reverse(name, kwargs=kwargs)
    if slug.startswith("jongeren-"):
        return reverse(
            "public:young_people_topic", kwargs={"topic": slug.removeprefix("jongeren-")}
        )
    return reverse("public:home")


@register.simple_tag
def quick_exit_url() -> str:
    """The neutral site the quick exit goes to (settings.QUICK_EXIT_URL)."""
    return str(settings.QUICK_EXIT_URL)


@register.filter
def lang(text: Any, language: str) -> str:
    return text.get(language) or text.get("nl", "") if text else ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
