"""The single sign-on group mappings as text, one "group = role [, team]" a line. Pure: no Django imports;
``orgadmin/services.py`` resolves the role and team names and turns each problem into a Dutch message.

The group is everything before the LAST "=" (an LDAP name such as ``CN=Zorg,OU=Groepen`` holds "=" and ","
itself); after it comes the role and, after the first comma, the team. Empty lines and lines starting with
"#" are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAXIMUM_GROUP_LENGTH = 200


class LineProblem(StrEnum):
    NO_EQUALS = "no_equals"  # no "=" between group and role
    NO_GROUP = "no_group"  # nothing (or too much) before the "="
    NO_ROLE = "no_role"  # nothing after the "="


@dataclass(frozen=True)
class GroupLine:
    number: int  # 1-based line number in the text, for messages
    group: str
    role: str
    team: str  # "" when the line names no team


def parse_group_lines(text: str) -> tuple[list[GroupLine], list[tuple[int, LineProblem]]]:
    """The lines that have the right shape, and (line number, problem) for each that has not."""
    lines: list[GroupLine] = []
    problems: list[tuple[int, LineProblem]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        group, equals, rest = line.rpartition("=")
        if not equals:
            problems.append((number, LineProblem.NO_EQUALS))
            continue
        group = group.strip()
        role, _comma, team = rest.partition(",")
        if not group or len(group) > MAXIMUM_GROUP_LENGTH:
            problems.append((number, LineProblem.NO_GROUP))
        elif not role.strip():
            problems.append((number, LineProblem.NO_ROLE))
        else:
            lines.append(GroupLine(number, group, role.strip(), team.strip()))
    return lines, problems


def format_group_line(group: str, role: str, team: str = "") -> str:
    """One line as the text area shows it; parse_group_lines reads it back to the same values."""
    return f"{group} = {role}, {team}" if team else f"{group} = {role}"
