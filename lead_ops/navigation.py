"""The main navigation: each app registers its entries with who may see them,
so a role sees only what it may use."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[object], bool]
    order: int = 100
    badge: Callable[[object], int] | None = None
    group: str = ""  # entries with the same group share one menu on wider screens
    offline: bool = False  # the page works offline: whoever sees it gets the filing app's service worker


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item
    _in_order.cache_clear()


@cache
def _in_order() -> tuple[NavItem, ...]:
    return tuple(sorted(_items.values(), key=lambda i: (i.order, i.label)))


@cache
def _url(url_name: str, urlconf, root_urlconf: str, prefix: str) -> str:
    # root_urlconf and prefix are only the cache's key: reverse() reads them itself.
    return reverse(url_name, urlconf=urlconf)


def _url_of(item: NavItem) -> str:
    """The entry's address, reversed once per URL configuration (every page asks for all of them)."""
    return _url(item.url_name, get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())


def items_for(user, current_path: str) -> list[dict]:
    from lead_ops.accounts.partners import is_partner_only, partner_may_reach

    partner = is_partner_only(user)
    entries = []
    for item in _in_order():
        if not item.allowed(user) or (partner and not partner_may_reach(item.url_name)):
            continue
        url = _url_of(item)
        active = current_path == url if url == "/" else current_path.startswith(url)
        badge = item.badge(user) if item.badge else 0
        entries.append(
            {
                "label": item.label,
                "url": url,
                "active": active,
                "badge": badge,
                "group": item.group,
                "offline": item.offline,
            }
        )
    return _grouped(entries)


def _grouped(entries: list[dict]) -> list[dict]:
    """Entries of one group become one entry with children, where the first of them was."""
    grouped: list[dict] = []
    menus: dict[str, dict] = {}
    for entry in entries:
        if not entry["group"]:
            grouped.append(entry)
            continue
        menu = menus.get(entry["group"])
        if menu is None:
            menu = menus[entry["group"]] = {"label": entry["group"], "children": [], "active": False, "badge": 0}
            grouped.append(menu)
        menu["children"].append(entry)
        menu["active"] = menu["active"] or entry["active"]
    return grouped


def navigation(request) -> dict:
    """Template context processor."""
    from lead_ops.accounts.mfa import pending_step_url

    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    # Between the password and the second step, nothing of the account shows:
    # no links, no name, no role, no unread count; only the way out.
    mid_sign_in = authenticated and pending_step_url(request) is not None
    signed_in = authenticated and not mid_sign_in
    items = items_for(user, request.path) if signed_in else []
    # From the entries already chosen for this user: no further query.
    offline_filing = any(entry.get("offline") for entry in items)
    return {
        "offline_filing": offline_filing,
        "offline_draft_hours": settings.LEAD_OFFLINE_DRAFT_HOURS,
        "signed_in": signed_in,
        "mid_sign_in": mid_sign_in,
        "nav_items": items,
        "site_name": settings.LEAD_SITE_NAME,
        "demo_mode": settings.LEAD_DEMO_MODE,
        "mfa_off": not settings.LEAD_REQUIRE_MFA,
    }


register(NavItem("Home", "home", allowed=lambda user: True, order=0))
register(NavItem("Admin", "admin:index", allowed=lambda user: user.is_staff, order=1000))
