"""The app registry: what each installed app brings to the shell. An app declares it on its AppConfig (subclass
`MinzhengAppConfig`); the URLs, the API, the CLI, the nav, the roles table, the inbox and the home page read it here.
Adding a line of business is its own folder plus one INSTALLED_APPS line — no shared file changes.

    class ElderlyConfig(MinzhengAppConfig):
        name = "minzheng.elderly"
        url_prefix = "elderly/"                              # mounts minzheng.elderly.urls there
        api_router = "minzheng.elderly.api.router"           # a ninja Router, added under /api/v1/
        cli_commands = "minzheng.elderly.commands"           # register_commands(cli) adds subcommands
        permissions = {"elderly.view": {VILLAGE, TOWNSHIP, COUNTY, CITY}}
        nav = [NavEntry("elderly_list", "老年人", "elderly.view", order=40)]
        inbox = ["minzheng.elderly.inbox.ASSESSMENTS_DUE"]    # InboxProvider objects
        home_tiles = ["minzheng.elderly.home.TILE"]          # HomeTile objects
        jobs = ["minzheng.elderly.jobs"]                     # modules whose import registers @core.jobs.job functions
        audit_objects = {"assessment": AuditObject("能力评估", "elderly.Assessment")}  # names in the audit log
        audit_actions = {"assess": "能力评估"}                 # the app's own audit action codes and their names
        file_categories = {"assessment_form": "评估表"}       # the app's own kinds of stored file (core.filestore)
        demo_data = ["minzheng.elderly.demo.seed"]           # seed(DemoContext) -> dict: its share of `make demo`
        data_elements = ["minzheng.elderly.elements.ELEMENTS"]  # counts the plan indicators read (core.data_elements)

Everything is read lazily (dotted paths), so declaring never imports views or models before Django is ready."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.db.models import Count, Q
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str  # Chinese, as people read it
    permission: str | tuple[str, ...] | None = None  # any of them suffices; None = every signed-in user
    order: int = 100
    group: str = ""  # the menu it sits in (default: its app's nav_group; "" = on the bar itself)


@dataclass(frozen=True)
class InboxItem:
    """One piece of work in a user's 待办 (a case to act on, a finding to check, a payroll to approve …)."""

    key: str  # "<provider>:<id>", unique on the page
    title: str
    url: str
    detail: str = ""  # state, task, amount: what the user needs to decide whether to open it
    region_code: str = ""
    due_on: dt.date | None = None
    overdue: bool = False
    task: str = ""  # the step awaited (受理, 审批 …)


@dataclass(frozen=True)
class InboxSection:
    count: int
    overdue: int
    items: list[Any]  # InboxItem, or whatever the provider's own template renders

    @classmethod
    def of(cls, qs, items: list[Any], overdue: Q | None = None) -> InboxSection:
        """A section over a queryset: `overdue` is the condition of the overdue ones (None: none can be). Both
        figures come from one query (COUNT … FILTER)."""
        if overdue is None:
            return cls(qs.count(), 0, items)
        figures = qs.aggregate(count=Count("pk"), overdue=Count("pk", filter=overdue))
        return cls(figures["count"], figures["overdue"], items)

    @classmethod
    def all_overdue(cls, qs, items: list[Any]) -> InboxSection:
        """A section whose every item is overdue (work that should already be done, e.g. a payment on hold)."""
        count = qs.count()
        return cls(count, count, items)


@dataclass(frozen=True)
class InboxProvider:
    """The work an app puts in a user's 待办. `todo(user, limit)` answers the count, the overdue count and the first
    `limit` items (nearest deadline first); `done(user, limit)` (optional) what the user already handled (已办)."""

    key: str
    label: str
    todo: Callable[[Any, int], InboxSection]
    permission: str | tuple[str, ...] | None = None
    done: Callable[[Any, int], InboxSection] | None = None
    url_name: str | None = None  # the full list of this kind of work
    template: str = "core/_inbox_items.html"  # renders section.items; apps may bring their own table
    order: int = 100


@dataclass(frozen=True)
class HomeTile:
    """A block of the home page: `context(user)` returns the template's context, or None to leave it out."""

    key: str
    template: str
    context: Callable[[Any], dict | None]
    permission: str | tuple[str, ...] | None = None
    order: int = 100


class MinzhengAppConfig(AppConfig):
    """Base of every Minzheng app's config: the declarations the registry reads (all optional)."""

    url_prefix: str | None = None
    api_router: str | None = None
    cli_commands: str | None = None
    permissions: Mapping[str, Iterable[str]] = {}
    nav: Sequence[NavEntry] = ()
    nav_group: str = ""  # the nav menu the app's entries sit in (社会救助, 养老服务 …); "" = on the bar itself
    inbox: Sequence[str] = ()
    home_tiles: Sequence[str] = ()
    jobs: Sequence[str] = ()
    audit_objects: Mapping[str, Any] = {}  # object type -> core.audit_display.AuditObject (its Chinese name, model)
    audit_actions: Mapping[str, str] = {}  # action code -> its Chinese name in the audit log (core.audit.ACTIONS)
    file_categories: Mapping[str, str] = {}  # stored-file category -> its Chinese name (core.filestore.CATEGORIES)
    demo_data: Sequence[str] = ()  # seed(DemoContext) -> dict of counts: the app's realistic data in the demo county
    data_elements: Sequence[str] = ()  # lists of core.data_elements.DataElement: what the plan indicators can count

    def ready(self) -> None:
        from minzheng.core import audit, filestore

        # Job functions register themselves on import; every process (web, CLI, worker) must know them all.
        for module in self.jobs:
            import_module(module)
        # The audit log's action names and the file store's categories: the platform's own, then each app's.
        declare(audit.ACTIONS, self.audit_actions, "audit action", self.label)
        declare(filestore.CATEGORIES, self.file_categories, "file category", self.label)


def declare(table: dict[str, str], entries: Mapping[str, str], what: str, app: str) -> None:
    """Add an app's codes to a shared table (in place: what was built from it sees them). A code another app or the
    platform already names differently is an error."""
    for code, label in entries.items():
        if table.get(code, label) != label:
            raise ValueError(f"{what} {code} declared twice (second time by {app})")
        table[code] = label


def configs() -> list[AppConfig]:
    return [c for c in apps.get_app_configs() if isinstance(c, MinzhengAppConfig)]


@cache
def permission_table() -> dict[str, frozenset[str]]:
    """Permission name -> roles holding it, merged from every app. A permission declared twice is an error."""
    table: dict[str, frozenset[str]] = {}
    for config in configs():
        for name, roles in config.permissions.items():
            if name in table:
                raise ValueError(f"permission {name} declared twice (second time by {config.label})")
            table[name] = frozenset(roles)
    return table


def nav_entries() -> list[NavEntry]:
    from dataclasses import replace

    entries = [e if e.group or not c.nav_group else replace(e, group=c.nav_group) for c in configs() for e in c.nav]
    return sorted(entries, key=lambda e: e.order)


@cache
def _objects(attribute: str) -> tuple:
    return tuple(import_string(path) for c in configs() for path in getattr(c, attribute))


def inbox_providers() -> list[InboxProvider]:
    return sorted(_objects("inbox"), key=lambda p: p.order)


def home_tiles() -> list[HomeTile]:
    return sorted(_objects("home_tiles"), key=lambda t: t.order)


@dataclass(frozen=True)
class DemoContext:
    """What an app's demo seeder gets: the county (Region), the demo accounts by role ("village", "township",
    "county", "city"), the first day of the demo month, and a seed so the demo is the same on every machine. The
    registry's people, households, cases and payrolls already exist when it runs (apps run in INSTALLED_APPS order)."""

    county: Any
    users: Mapping[str, Any]
    month: dt.date
    seed: int


def demo_seeders() -> list[tuple[str, Callable[[DemoContext], dict]]]:
    """(app label, seed function) for every app that brings demo data, in INSTALLED_APPS order."""
    return [(c.label, import_string(path)) for c in configs() for path in c.demo_data]


def url_patterns() -> list:
    """path(prefix, include(<app>.urls)) for every app that has pages; the root app ("") last."""
    from django.urls import include, path

    mounted = [(c.url_prefix, c.name) for c in configs() if c.url_prefix is not None]
    mounted.sort(key=lambda m: m[0] == "")
    return [path(prefix, include(f"{name}.urls")) for prefix, name in mounted]


def api_routers() -> list:
    return [import_string(c.api_router) for c in configs() if c.api_router]


def cli_modules() -> list:
    return [import_module(c.cli_commands) for c in configs() if c.cli_commands]


@dataclass
class CommandLine:
    """What an app's register_commands(cli) receives: `cli.add_parser(...)` adds a top-level command,
    `cli.group(name, help)` returns the sub-commands of a command several apps share (import, export, seed)."""

    subparsers: Any
    groups: dict[str, Any] = field(default_factory=dict)

    def add_parser(self, *args, **kwargs):
        return self.subparsers.add_parser(*args, **kwargs)

    @property
    def choices(self):
        return self.subparsers.choices

    def group(self, name: str, help: str):
        if name not in self.groups:
            parser = self.subparsers.add_parser(name, help=help)
            self.groups[name] = parser.add_subparsers(dest=f"{name}_command", required=True)
        return self.groups[name]
