"""The read flows at the same fixed arrival rate, from plain threads.

locust runs its users as gevent greenlets; on this machine that client adds
30 to 40 ms to every paced request, even to the baseline page the server
answers in 2 ms (compare its p50 with the Server-Timing header). This check
sends the same requests from ordinary threads, one per user, each once a
second at its own phase (50 users: one request every 20 ms), and reports the
latency the client saw and the server time from Server-Timing. It imports
nothing from locust, so nothing is monkey-patched.

python -m benchmarks.paced_check BASE_URL SESSIONS.json SECONDS USERS FLOW...
prints one JSON object per flow.
"""

import json
import sys
import threading
import time
from pathlib import Path

import requests

from benchmarks import flows


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 1) if ordered else 0.0


def measure(base_url: str, sessions: dict, seconds: int, users: int, name: str) -> dict:
    kind, path, headers = flows.READS[name]
    client_ms, server_ms, errors = [], [], [0]
    lock = threading.Lock()
    start = time.perf_counter() + 1.0

    def user(number: int) -> None:
        session = requests.Session()
        if kind:
            session.cookies.set("sessionid", sessions[flows.account(kind, number, sessions)])
        due = start + (number - 1) / users
        while due < start + seconds:
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sent = time.perf_counter()
            try:
                response = session.get(base_url + path(), headers=headers, timeout=30)
                failed = response.status_code >= 400
                timing = response.headers.get("Server-Timing", "")
            except requests.RequestException:
                failed, timing = True, ""
            took = (time.perf_counter() - sent) * 1000
            with lock:
                client_ms.append(took)
                errors[0] += failed
                if "app;dur=" in timing:
                    server_ms.append(float(timing.split("app;dur=")[1].split(",")[0]))
            due += 1.0

    threads = [threading.Thread(target=user, args=(number,)) for number in range(1, users + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "name": name,
        "requests": len(client_ms),
        "rps": round(len(client_ms) / seconds, 1),
        "p50_ms": _percentile(client_ms, 0.50),
        "p95_ms": _percentile(client_ms, 0.95),
        "p99_ms": _percentile(client_ms, 0.99),
        "server_p95_ms": _percentile(server_ms, 0.95),
        "errors": errors[0],
    }


def main(argv: list[str]) -> int:
    base_url, sessions_path, seconds, users, *names = argv
    sessions = json.loads(Path(sessions_path).read_text())
    for name in names:
        print(json.dumps(measure(base_url, sessions, int(seconds), int(users), name)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
