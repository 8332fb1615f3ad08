"""Revisions of articles and issues: the record (``models``), recording,
listing, comparing and restoring (``records``), the character diff
(``diff``), who else is editing (``presence``) and the admin's history,
compare, restore and conflict pages (``admin``)."""
