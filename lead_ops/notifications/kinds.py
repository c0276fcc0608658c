"""What each kind of notice is called where notices are grouped (the
notifications page, the daily digest). Apps register their kinds when they
load, as they register their navigation entries."""

_labels: dict[str, str] = {}


def register(kind: str, label: str) -> None:
    _labels[kind] = label


def label_of(kind: str) -> str:
    return _labels.get(kind) or kind.replace("_", " ").capitalize()
