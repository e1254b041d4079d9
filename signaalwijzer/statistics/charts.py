"""Server-rendered SVG bar charts. Pure: no Django. The data table next to each chart is its text alternative."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed, drawn as no bar, only its text
    text: str = (
        ""  # what the table shows for the value (a suppressed value's label); the value if empty
    )


def _short(label: str, size: int = 26) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def bar_chart(bars: list[Bar], *, title_id: str, width: int = 560) -> str:
    """Horizontal bars; suppressed values get no bar, only the text the table shows for them."""
    row_height, label_width, gap = 28, 170, 8
    top = max((bar.value or 0) for bar in bars) if bars else 0
    scale = (width - label_width - 60) / top if top else 0
    height = max(1, len(bars)) * (row_height + gap)
    parts = [
        f'<svg class="sw-chart" role="img" aria-labelledby="{escape(title_id)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
    ]
    for index, bar in enumerate(bars):
        y = index * (row_height + gap)
        parts.append(
            f'<text x="0" y="{y + 19}" class="sw-chart__label">{escape(_short(bar.label))}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{label_width}" y="{y + 19}" class="sw-chart__value">{escape(bar.text)}</text>'
            )
            continue
        length = max(2, round(bar.value * scale)) if bar.value else 0
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row_height - 8}" class="sw-chart__bar"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 6}" y="{y + 19}" class="sw-chart__value">{escape(bar.text or str(bar.value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
