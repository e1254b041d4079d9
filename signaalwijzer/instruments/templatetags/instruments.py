from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def text(value: Any) -> str:
    """A bilingual text of a definition in the active language."""
    if value is None:
        return ""
    return value.get(translation.get_language() or "nl")


@register.simple_tag
def anchor(factor: Any, level_key: str) -> str:
    value = factor.anchors.get(level_key)
    return value.get(translation.get_language() or "nl") if value else ""


@register.simple_tag
def reason_text(
    reason: str, result: Any, area_titles: dict[str, str], labels: dict[str, str] | None = None
) -> str:
    """Say in words which condition of the profile rule held (codes come from scoring._reasons)."""
    kind, _sep, rest = reason.partition(":")
    if kind == "min_score":
        return _("The score is %(threshold)s or higher (score: %(score)s).") % {
            "threshold": rest,
            "score": f"{result.score:g}",
        }
    if kind == "min_areas_with_signal":
        return _("Signals in %(threshold)s or more areas (now %(count)s).") % {
            "threshold": rest,
            "count": result.areas_with_signal,
        }
    if kind == "area_min":
        area, _sep, count = rest.partition(":")
        return _("%(count)s or more signals in the area “%(area)s”.") % {
            "count": count,
            "area": area_titles.get(area, area),
        }
    if kind == "signal_present":
        return _("The signal “%(signal)s” is present; on its own it is serious enough.") % {
            "signal": (labels or {}).get(rest, rest)
        }
    return reason


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping is not None else None


@register.filter
def attr(value: Any, name: str) -> Any:
    return getattr(value, name, None)
