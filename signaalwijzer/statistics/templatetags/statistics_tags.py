from django import template
from django.utils.safestring import SafeString, mark_safe

from signaalwijzer.statistics.charts import Bar, bar_chart
from signaalwijzer.statistics.disclosure import TOTAL
from signaalwijzer.statistics.selectors import StatisticsTable

register = template.Library()


@register.simple_tag
def totals_chart(stats: StatisticsTable) -> SafeString:
    table = stats.table
    bars = [Bar(stats.row_labels.get(row, row), table.shown(row, TOTAL)) for row in table.rows]
    # bar_chart escapes every label itself.
    return mark_safe(bar_chart(bars, title_id=f"title-{stats.key}", threshold=table.threshold))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def cell(stats: StatisticsTable, row: str, column: str) -> str:
    return stats.table.label(row, column)


@register.simple_tag
def total_key() -> str:
    return TOTAL


@register.filter
def get_item(mapping: dict, key: str) -> str:
    return mapping.get(key, key)
