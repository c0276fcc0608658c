from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Peer training"

    def ready(self):
        from django.db.models.signals import post_migrate

        from lead_ops import home, navigation

        from . import panels

        navigation.register(navigation.NavItem("Training", "training:my_training", allowed=lambda user: True, order=60))
        home.register_panel(panels.my_training)
        home.register_panel(panels.training_management)
        post_migrate.connect(_catalogue_after_flush, sender=self, dispatch_uid="training_catalogue_after_flush")


def _catalogue_after_flush(sender, using="default", apps=None, **kwargs):
    """Migration 0002 seeds the topics; a database flush (the test suite's)
    removes every row. Put the seeded topics back only when there are no topics
    at all, so a site's own edits and deletions are never undone."""
    from importlib import import_module

    from django.apps import apps as installed_apps

    apps = apps or installed_apps  # a flush sends no migration state
    try:
        topic_model = apps.get_model("training", "Topic")
    except LookupError:  # migrated back to before the topics existed
        return
    if not topic_model.objects.using(using).exists():
        import_module("training.migrations.0002_seed_topics_and_requirements").seed_topics(apps)
