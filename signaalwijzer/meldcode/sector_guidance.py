"""Short guidance per step of the stappenplan, fitted to the organisation's sector. Pure: no Django."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "sector_guidance.yaml"
STEPS = (1, 2, 3, 4, 5)


@cache
def _guidance() -> dict[str, dict[int, dict[str, str]]]:
    with DATA_FILE.open(encoding="utf-8") as file:
        document = yaml.safe_load(file)
    sectors = document["sectors"]
    for sector, steps in sectors.items():
        for step, text in steps.items():
            if int(step) not in STEPS or not text.get("nl") or not text.get("en"):
                raise ValueError(f"sector_guidance: {sector} step {step} needs nl and en")
    if set(map(int, sectors["default"])) != set(STEPS):
        raise ValueError("sector_guidance: default needs all five steps")
    return {
        sector: {int(step): text for step, text in steps.items()}
        for sector, steps in sectors.items()
    }


def guidance(sector: str, step: int, language: str) -> str:
    """The sector's own text for this step, or the default one."""
    texts = _guidance()
    chosen = texts.get(sector, {}).get(step) or texts["default"][step]
    return chosen.get(language) or chosen["nl"]


def sectors_with_own_guidance() -> frozenset[str]:
    return frozenset(_guidance()) - {"default"}
