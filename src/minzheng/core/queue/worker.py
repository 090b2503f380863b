"""Job worker processes: `minzheng jobs worker [--processes N]`.

One process runs the broker's worker (procrastinate, MINZHENG_QUEUE=procrastinate) or, in the embedded profile, polls
the Job table (claims are atomic, so any number of pollers may run beside the web process). With --processes N a
small supervisor starts N such processes and starts again any that dies (the reaper resumes or fails what it was
running); SIGTERM/SIGINT stop them all. Under systemd the same is N instances of a template unit (docs/deploy.md)."""

from __future__ import annotations

import importlib
import signal
import subprocess
import sys
import threading
import time

from django.db import close_old_connections

REAP_EVERY = 60.0  # seconds between two reaper passes of an embedded poller


def run_embedded(poll: float = 1.0, once: bool = False, stop: threading.Event | None = None) -> int:
    """Poll the Job table: run queued jobs oldest first; reap every minute. `once`: stop when the queue is empty."""
    from minzheng.core import jobs

    stop = stop or threading.Event()
    ran, last_reap = 0, 0.0
    while not stop.is_set():
        if time.monotonic() - last_reap >= REAP_EVERY:
            jobs.reap()
            last_reap = time.monotonic()
        count = jobs.run_queued(limit=1)
        ran += count
        close_old_connections()
        if not count:
            if once:
                break
            stop.wait(poll)
    return ran


def run_broker(concurrency: int = 1, once: bool = False) -> int:
    from minzheng.core import jobs
    from minzheng.core.queue import broker

    jobs.reap()
    broker.worker_app().run_worker(queues=[broker.QUEUE], concurrency=concurrency, wait=not once,
                                   install_signal_handlers=True)
    return 0


def run(concurrency: int = 1, once: bool = False, poll: float = 1.0, imports: tuple[str, ...] = ()) -> int:
    from minzheng.core import queue

    for module in imports:  # job kinds defined outside the installed apps (tests, plug-ins)
        importlib.import_module(module)
    if queue.backend() == queue.PROCRASTINATE:
        return run_broker(concurrency, once)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())  # finish the job at hand, then leave
    return run_embedded(poll, once, stop)


def supervise(processes: int, child_args: list[str]) -> int:
    """Keep `processes` worker processes running until told to stop."""
    stopping = threading.Event()
    command = [sys.executable, "-m", "minzheng", "jobs", "worker", "--processes", "1", *child_args]
    children: list[subprocess.Popen] = [subprocess.Popen(command) for _ in range(processes)]

    def stop(signum, _frame):
        stopping.set()
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    print(f"{processes} 个任务进程已启动：{' '.join(str(c.pid) for c in children)}", flush=True)
    while not stopping.is_set():
        for i, child in enumerate(children):
            if child.poll() is not None and not stopping.is_set():
                print(f"任务进程 {child.pid} 已退出（{child.returncode}），重新启动", flush=True)
                time.sleep(1)  # a worker that cannot start must not spin
                children[i] = subprocess.Popen(command)
        stopping.wait(1.0)
    for child in children:
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0
