from django.apps import AppConfig
from django.core import checks


class OfflineConfig(AppConfig):
    name = "lead_ops.offline"
    label = "offline"
    verbose_name = "Filing offline"

    def ready(self):
        from .views import service_worker_built

        @checks.register(checks.Tags.staticfiles, deploy=False)
        def service_worker_is_built(app_configs, **kwargs):
            if service_worker_built():
                return []
            return [
                checks.Warning(
                    "The service worker for filing offline has not been built.",
                    hint="Run 'make assets' (npm ci, then Workbox builds build/offline/sw.js).",
                    id="offline.W001",
                )
            ]
