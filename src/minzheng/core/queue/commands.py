"""`minzheng jobs …`: worker processes, the reaper, the broker's schema and a status line."""

from __future__ import annotations

import json


def cmd_worker(args) -> int:
    from minzheng.core.queue import worker

    if args.processes > 1:
        child = [*(["--once"] if args.once else []), "--concurrency", str(args.concurrency), "--poll", str(args.poll),
                 *[x for module in args.imports for x in ("--import", module)]]
        return worker.supervise(args.processes, child)
    worker.run(args.concurrency, args.once, args.poll, tuple(args.imports))
    return 0


def cmd_reap(args) -> int:
    from minzheng.core import jobs

    resumed, failed = jobs.reap(resume=not args.fail_only)
    print(json.dumps({"resumed": resumed, "failed": failed}, ensure_ascii=False))
    return 0


def cmd_init_queue(args) -> int:
    from minzheng.core import queue

    if queue.backend() != queue.PROCRASTINATE:
        print(json.dumps({"queue": queue.backend(), "schema": "not needed"}, ensure_ascii=False))
        return 0
    from minzheng.core.queue import broker

    print(json.dumps({"queue": queue.PROCRASTINATE, "schema": "applied" if broker.apply_schema() else "present"},
                     ensure_ascii=False))
    return 0


def cmd_status(args) -> int:
    from minzheng.core import jobs, queue

    out = {"queue": queue.backend(), "jobs": jobs.counts()}
    if out["queue"] == queue.PROCRASTINATE:
        from minzheng.core.queue import broker

        out["broker"] = broker.counts()
    print(json.dumps(out, ensure_ascii=False))
    return 0


def register_commands(sub) -> None:
    group = sub.add_parser("jobs", help="后台任务：任务进程、清理中断任务、队列状态")
    group = group.add_subparsers(dest="sub", required=True)
    s = group.add_parser("worker", help="运行任务进程（MINZHENG_QUEUE=procrastinate 时连接 PostgreSQL 队列）")
    s.add_argument("--processes", type=int, default=1,
                   help="进程数（默认 1；大于 1 时由本命令看护，退出的进程自动重启）")
    s.add_argument("--concurrency", type=int, default=1, help="每个进程同时运行的任务数（默认 1）")
    s.add_argument("--once", action="store_true", help="队列为空时退出")
    s.add_argument("--poll", type=float, default=1.0, help="内置队列的轮询间隔（秒）")
    s.add_argument("--import", dest="imports", action="append", default=[], help="另外载入登记任务的模块（测试、插件）")
    s.set_defaults(func=cmd_worker)
    s = group.add_parser("reap", help="处理中断的任务：可安全重跑的重新排队，其余标记失败")
    s.add_argument("--fail-only", action="store_true", help="全部标记失败，不重新排队")
    s.set_defaults(func=cmd_reap)
    s = group.add_parser("init-queue", help="在 PostgreSQL 中建立队列表（MINZHENG_QUEUE=procrastinate，可重复运行）")
    s.set_defaults(func=cmd_init_queue)
    s = group.add_parser("status", help="各状态任务数")
    s.set_defaults(func=cmd_status)
