"""Test settings: a fresh MINZHENG_HOME per run (keys, SQLite file) and a cheaper Argon2 cost."""

import atexit
import os
import shutil
import tempfile

if "MINZHENG_HOME" not in os.environ:
    # The process that makes the home removes it at exit (with xdist: the controller, after its workers), so test
    # runs leave no keys or databases behind in /tmp.
    os.environ["MINZHENG_HOME"] = tempfile.mkdtemp(prefix="minzheng-test-")
    atexit.register(shutil.rmtree, os.environ["MINZHENG_HOME"], ignore_errors=True)
_home = os.environ["MINZHENG_HOME"]
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Each pytest-xdist worker its own home (keys, files, database), inherited by the commands its tests start.
    os.environ["MINZHENG_HOME"] = os.path.join(_home, os.environ["PYTEST_XDIST_WORKER"])
    os.makedirs(os.environ["MINZHENG_HOME"], exist_ok=True)

from minzheng.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]

# Test databases are built from the models, not by running every migration (40 s of CPU each): tests/schema.py says
# why that is the same database, and replays what only the migrations do.
DATABASES["default"]["TEST"] = {"MIGRATE": False}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not :memory:, so tests see WAL mode and can inspect the bytes on disk.
    DATABASES["default"]["TEST"]["NAME"] = str(HOME / "test_db.sqlite3")  # noqa: F405
MINZHENG_JOBS_INLINE = True
MINZHENG_HOME_TILE_SECONDS = 0  # tests see the figures of the moment; test_home_tiles_are_shared turns it on
MINZHENG_INBOX_SECONDS = 0  # likewise the inbox; benefits/tests/test_pages_inbox.py turns it on
# Holidays as known in 2026: a chinese-calendar release that learns 2027 changes no test result.
MINZHENG_OFFICIAL_CALENDAR = "minzheng.core.tests.calendars.known_through_2026"

# A throw-away line of business declared only here (tests/test_app_registry.py): adding an app is one line.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.sample_app"]  # noqa: F405
