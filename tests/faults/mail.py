"""E-mail for the fault tests: written to files (one message per send), and held
mid-send while a hold file exists, so a test can kill the worker doing it."""

import os
import time
from email import message_from_string
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

HOLD_ENV = "FAULTS_MAIL_HOLD"


class HeldFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        hold = os.environ.get(HOLD_ENV)
        if hold and Path(hold).exists():
            # Say who is holding (the process to kill), then wait as a slow SMTP server would.
            Path(f"{hold}.taken").write_text(str(os.getpid()))
            while Path(hold).exists():
                time.sleep(0.05)
        return super().send_messages(email_messages)


def sent_messages(mail_dir: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every message written to the directory."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                parsed = message_from_string(chunk.strip())
                messages.append((parsed["To"], parsed["Subject"]))
    return messages
