"""How much one search may ask for. Each word of a search becomes a condition
in the query: a name search of 1,500 words made SQLite refuse to build it
("Expression tree is too large"), and PostgreSQL would spend seconds on it. A
name, a date of birth or an incident number takes a few words."""

from django.core.exceptions import ValidationError

SEARCH_MAX_CHARACTERS = 200
SEARCH_MAX_WORDS = 8
SEARCH_TOO_LONG = (
    f"A search can have at most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_CHARACTERS} characters: "
    "shorten it and try again."
)


def validate_search(query: str, *, words: int | None = None) -> None:
    """Refuse a search past the limits, with the message people see. `words`:
    how many conditions the search became, when the caller splits it further."""
    count = len(query.split()) if words is None else words
    if len(query) > SEARCH_MAX_CHARACTERS or count > SEARCH_MAX_WORDS:
        raise ValidationError(SEARCH_TOO_LONG, code="search_too_long")
