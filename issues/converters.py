"""Path converters for the reading site's addresses (docs/user-guide.md, "Readers: the reading site")."""

import re

from django.urls import register_converter

from issues.edition import KIND_PREFIXES


class SeriesSlugConverter:
    """A series slug, Chinese characters allowed: /学习参考/."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IssueNumberConverter:
    """An issue's number as it appears in its address: 76 (continuous),
    2024-3 (restarting each year), 增刊1 / 特刊1 (special sequences),
    2024-增刊1."""

    regex = r"(?:\d{4}-)?(?:增刊|特刊)?\d{1,6}"
    PARTS = re.compile(r"^(?:(?P<year>\d{4})-)?(?P<prefix>增刊|特刊)?(?P<number>\d+)$")
    KINDS = {prefix or None: kind for kind, prefix in KIND_PREFIXES.items()}

    def to_python(self, value: str) -> dict:
        parts = self.PARTS.match(value)
        return {
            "number_year": int(parts["year"] or 0),
            "kind": self.KINDS[parts["prefix"]],
            "number": int(parts["number"]),
        }

    def to_url(self, value) -> str:
        if isinstance(value, str):
            return value
        prefix = KIND_PREFIXES[value["kind"]]
        year = f"{value['number_year']}-" if value["number_year"] else ""
        return f"{year}{prefix}{value['number']}"


register_converter(SeriesSlugConverter, "series")
register_converter(IssueNumberConverter, "issue_number")
