"""axe-core (from npm) run in the page: serious and critical violations fail the test."""

from pathlib import Path

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE_SCRIPT.read_text()
    return _AXE_SOURCE


_AXE_SOURCE: str | None = None


class AccessibilityGuard:
    """Counts every page the browser loads and insists each one was checked:
    a journey that visits a page without checking it fails at teardown."""

    def __init__(self, page):
        if not AXE_SCRIPT.exists():
            raise RuntimeError(f"{AXE_SCRIPT} is missing: run 'make test' (npm ci installs axe-core).")
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        page.on("load", lambda loaded_page: self.loaded.append(loaded_page.url))

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP (which
            # rightly refuses inline scripts) stays on for the app's own code.
            self.page.evaluate(_axe_source())
        results = self.page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        failing = [v for v in results if v.get("impact") in FAILING_IMPACTS]
        if failing:
            lines = [
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in failing
            ]
            raise AssertionError(f"Accessibility violations on {self.page.url}:\n" + "\n".join(lines))
        self.checked.add(self.page.url)

    def unchecked_pages(self) -> list[str]:
        return [url for url in dict.fromkeys(self.loaded) if url not in self.checked]
