"""The `minzheng` command. Every app adds its subcommands (core.app_registry: `cli_commands` on its AppConfig); each
subcommand sets up Django and calls the same services the web and API use."""

from __future__ import annotations

import argparse
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    from minzheng.core import app_registry

    parser = argparse.ArgumentParser(prog="minzheng", description="民政一体化平台 Minzheng")
    cli = app_registry.CommandLine(parser.add_subparsers(dest="command", required=True))
    for module in app_registry.cli_modules():
        module.register_commands(cli)
    return parser


def main(argv: list[str] | None = None) -> int:
    _setup()  # before parsing: command modules may import Django code at module level
    args = build_parser().parse_args(argv)
    from minzheng.core.errors import ServiceError

    try:
        return args.func(args) or 0
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return 1
