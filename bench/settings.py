"""The app's own settings, with the bench's URLs beside the archive's (a minimal view for the baseline)."""

from archive.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The bench measures the app, not its log output.
LOGGING["loggers"]["archive"]["level"] = "WARNING"  # noqa: F405
