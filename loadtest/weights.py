"""What Locust's user classes (locustfile.py) and run.py share, kept here because run.py does not import the
locustfile (which would bring in gevent's monkey-patching): how many of the simulated staff each role's class gets,
relative to the others (run.py makes that share of accounts for each role), the report's line of pages, and the
pause between a member of staff's steps."""

ROLE_WEIGHTS = {"village_demo": 5, "township_demo": 3, "county_demo": 2, "city_demo": 1}

# The report's line of every page request together, for the goal set for pages: sign-in (Argon2, slow by design)
# and the downloads are left out.
PAGES = "Pages (no sign-in, no downloads)"


def parse_wait(text: str) -> tuple[float, float]:
    """"MIN,MAX" seconds between steps, 0 <= MIN <= MAX; ValueError with the reason otherwise."""
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(f"expected MIN,MAX seconds, got {text!r}")
    low, high = (float(part) for part in parts)  # ValueError for what is not a number
    if not 0 <= low <= high < 3600:
        raise ValueError(f"expected 0 <= MIN <= MAX < 3600 seconds, got {text!r}")
    return low, high
