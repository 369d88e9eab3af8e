"""WSGI entry point used by `zonetrack serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
application = get_wsgi_application()
