from django import template

from signaalwijzer.jobs import selectors

register = template.Library()


@register.simple_tag
def job_problems() -> dict[str, int]:
    return selectors.problems()
