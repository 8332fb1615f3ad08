"""Log records as one JSON object per line.

Fields passed with ``extra=`` become keys of the object, so a request line
reads ``{"logger": "bulletin.requests", "method": "GET", "status": 200, …}``
and can be filtered by any field. The request object Django attaches to its
own records is left out: it carries cookies and the query string.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else came in through ``extra``.
STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
) | {"message", "asctime", "taskName"}
LEFT_OUT = frozenset({"request", "server_time"})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and key not in LEFT_OUT:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
