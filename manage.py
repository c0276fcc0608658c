#!/usr/bin/env python
"""Django's command-line utility for LEAD Ops."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads lead_ops.settings, which checks every variable)
    except ImproperlyConfigured as error:
        # Django's command runner would set this aside and fail later with an
        # unrelated "Models aren't loaded yet": say which variable is wrong instead.
        sys.exit(f"Configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
