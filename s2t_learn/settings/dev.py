from .base import *  # noqa: F403

DEBUG = True
# Local demo logins are created only under these settings (see load_demo).
DEMO_LOGINS_ALLOWED = True
