"""The ``import_bulletin`` command; it belongs to the import feature
(``issues.importing.command``) and is found here by Django."""

from issues.importing.command import Command

__all__ = ["Command"]
