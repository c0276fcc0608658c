"""The forms on a page, read from its HTML the way a browser sees them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)  # name -> list of choices ([] when free text)


class _Forms(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url, self.forms, self.current, self.select = page_url, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = Form(
                action=attrs.get("action") or self.page_url, method=(attrs.get("method") or "get").lower()
            )
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            name = attrs["name"]
            if name == "csrfmiddlewaretoken" or attrs.get("type") in ("submit", "file"):
                return
            choices = self.current.fields.setdefault(name, [])
            if attrs.get("type") in ("radio", "checkbox") and attrs.get("value") is not None:
                choices.append(attrs["value"])
            if tag == "select":
                self.select = name
        elif tag == "option" and self.current is not None and self.select:
            self.current.fields[self.select].append(dict(attrs).get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str, page_url: str, method: str = "post") -> list[Form]:
    parser = _Forms(page_url)
    parser.feed(html)
    return [form for form in parser.forms if form.method == method]
