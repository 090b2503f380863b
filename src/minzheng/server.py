"""Production server: gunicorn (pre-fork WSGI) serving the instance; static files through WhiteNoise."""

from __future__ import annotations

import gc
import os
import sys

from gunicorn.app.base import BaseApplication

SWITCH_INTERVAL = float(os.environ.get("MINZHENG_SWITCH_INTERVAL", "0.001"))  # seconds; Python's default is 0.005


class _App(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from minzheng.wsgi import application

        return application


def _settle(worker) -> None:
    """gunicorn's post_worker_init: load the URL conf now, then leave everything loaded so far (apps, models, URL
    patterns, the pinyin dictionary: half a million objects that live as long as the worker) out of the garbage
    collector's scans. Otherwise a full collection that a busy page happens to trigger re-scans them all: about a
    quarter of a second of a county's 待办 at 1,000,000 persons."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every app's views)
    gc.freeze()
    # A thread back from a database query waits for the interpreter until the thread computing beside it (an inbox,
    # an export) yields it: up to the switch interval (5 ms by default), after each of its queries. 1 ms keeps a
    # short page (an ID search: a dozen queries) from waiting tens of milliseconds behind a long one.
    sys.setswitchinterval(SWITCH_INTERVAL)


def serve(host: str, port: int, workers: int) -> int:
    from minzheng.core import jobs, queue

    # Embedded: jobs left "running" by a killed server are failed, with the reason. With the PostgreSQL queue the
    # jobs run in the workers, whose reaper resumes or fails them (core.jobs.reap).
    interrupted = jobs.fail_stale() if queue.backend() == queue.EMBEDDED else 0
    if interrupted:
        print(f"{interrupted} 个后台任务因服务重启或进程终止而中断，已标记为失败", flush=True)
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:  # /metrics sums every worker's figures (core.metrics)
        from minzheng import home
        from minzheng.core import metrics

        metrics.use_multiprocess(home.home_dir("metrics") / str(port))
    print(f"Minzheng 正在运行：http://{host}:{port}/", flush=True)
    _App({"bind": f"{host}:{port}", "workers": workers, "threads": 4, "timeout": 120,
          "accesslog": "-", "forwarded_allow_ips": "127.0.0.1", "post_worker_init": _settle}).run()
    return 0
