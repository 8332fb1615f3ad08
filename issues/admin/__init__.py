"""The editorial desk: the admin of series, issues and articles.

Articles are administered here, beside their issues, because whether an
article may be changed depends on its issue's state and the editor's role
(``issues.permissions``); the ``articles`` app knows nothing of issues.
"""

from issues.admin import accounts, articles, issues, series  # noqa: F401 (registers)
