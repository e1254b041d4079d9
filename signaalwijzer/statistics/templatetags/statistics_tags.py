from django import template
from django.utils.safestring import SafeString, mark_safe

from signaalwijzer.statistics.charts import Bar, bar_chart
from signaalwijzer.statistics.disclosure import TOTAL
from signaalwijzer.statistics.export import ShownTable

register = template.Library()


@register.simple_tag
def totals_chart(stats: ShownTable) -> SafeString:
    """The row totals as bars; a suppressed total gets no bar, only its label (as in the table)."""
    table = stats.table
    bars = [
        Bar(stats.row_label(row), table.shown(row, TOTAL), table.label(row, TOTAL))
        for row in table.rows
    ]
    # bar_chart escapes every label itself.
    return mark_safe(bar_chart(bars, title_id=f"title-{stats.key}"))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def cell(stats: ShownTable, row: str, column: str) -> str:
    return stats.table.label(row, column)


@register.simple_tag
def row_label(stats: ShownTable, row: str) -> str:
    return stats.row_label(row)


@register.simple_tag
def column_label(stats: ShownTable, column: str) -> str:
    return stats.column_label(column)


@register.simple_tag
def total_key() -> str:
    return TOTAL


@register.filter
def get_item(mapping: dict, key: str) -> str:
    return mapping.get(key, key)
