"""Read an admin page the way a browser would: the form it submits, the text it shows."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = form_id is None
        self.data: list[tuple[str, str]] = []
        self._select = None
        self._select_multiple = False
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in attrs
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.data.append(
                (self._textarea, text[1:] if text.startswith("\n") else text)
            )
            self._textarea = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(response, form_id: str | None = None) -> dict:
    """The fields of the page's form as a dict of lists (for client.post)."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    fields: dict[str, list[str]] = {}
    for name, value in reader.data:
        fields.setdefault(name, []).append(value)
    return fields


def flatten(fields: dict) -> dict:
    """Single values unwrapped, so tests can read and change them simply."""
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in fields.items()
    }


# What a reader of the page sees without its markup: text outside scripts
# and styles, and the attributes browsers show or read aloud.
SHOWN_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}
BUTTON_TYPES = {"submit", "button", "reset"}
HIDDEN_ELEMENTS = {"script", "style", "template"}


class _TextReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        attrs = dict(attrs)
        self.texts += [attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in BUTTON_TYPES and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    """The texts of a page a user can see or hear, each on its own."""
    reader = _TextReader()
    reader.feed(html)
    return reader.texts
