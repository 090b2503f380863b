"""Production server: gunicorn (pre-fork WSGI) serving the instance; static files through WhiteNoise."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


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


def serve(host: str, port: int, workers: int) -> int:
    from minzheng.core import jobs

    interrupted = jobs.fail_stale()  # jobs left "running" by a killed server: failed, with the reason
    if interrupted:
        print(f"{interrupted} 个后台任务因服务重启或进程终止而中断，已标记为失败", flush=True)
    print(f"Minzheng 正在运行：http://{host}:{port}/", flush=True)
    _App({"bind": f"{host}:{port}", "workers": workers, "threads": 4, "timeout": 120,
          "accesslog": "-", "forwarded_allow_ips": "127.0.0.1"}).run()
    return 0
