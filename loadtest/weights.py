"""How many of the simulated staff each role's class gets, relative to the others: read by Locust's user classes
(locustfile.py) and by run.py, which makes that share of accounts for each role (run.py does not import the
locustfile, which would bring in gevent's monkey-patching)."""

ROLE_WEIGHTS = {"village_demo": 5, "township_demo": 3, "county_demo": 2, "city_demo": 1}
