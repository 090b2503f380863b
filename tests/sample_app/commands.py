import json


def cmd_count(args) -> int:
    from tests.sample_app.models import Allowance

    print(json.dumps({"allowances": Allowance.objects.count()}))
    return 0


def register_commands(cli) -> None:
    s = cli.add_parser("sample", help="试点补贴（测试用）")
    s.set_defaults(func=cmd_count)
