"""Queueing a notification's e-mail from a request: the broker only, never the result store."""

from lead_ops.celery import app
from lead_ops.notifications.services import _enqueue


def test_queueing_the_email_does_not_wait_on_the_result_store(monkeypatch):
    # The result store is Redis too: while Redis is down, waiting on it held each
    # filing for 20 seconds of reconnecting. Nobody reads this task's result.
    asked, published = [], []
    app.conf.task_always_eager = False  # put back by the suite's _celery_eager_unless_worker
    monkeypatch.setattr(app.backend, "on_task_call", lambda producer, task_id: asked.append(task_id))
    monkeypatch.setattr(
        app.amqp, "send_task_message", lambda producer, name, message, **options: published.append(name)
    )

    _enqueue(12345)

    assert published == ["lead_ops.notifications.tasks.notification_email_send"]
    assert asked == []
