"""The app under gunicorn (2 workers, 127.0.0.1 only), loaded with wrk beside a minimal Django view.

Every load is bounded in time (`wrk -d`) and in connections; the server is started and stopped here, by its
own process id. Targets are only ever this machine's loopback address.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> dict:
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:", "RssAnon:", "RssFile:")):
                key, value = line.split(":")
                fields[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    # Pss: the worker's share of what it maps, each page shared by N processes counted 1/N (its own memory
    # whole, the index files and libraries both workers read split between them): what it adds to the machine.
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(("Pss:", "Pss_Anon:", "Pss_File:")):
                key, value = line.split(":")
                fields[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return fields


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(parts[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _seconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def _rotation_script(paths: list[str], folder: Path) -> Path:
    """A wrk Lua script that asks for `paths` in turn, so a page cache cannot answer every request."""
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script = folder / "rotate.lua"
    script.write_text(
        f"paths = {{{quoted}}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n",
        encoding="utf-8",
    )
    return script


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    extra = ["-s", str(script)] if script else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.M)
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.M)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p50_ms": _seconds(p50.group(1)) * 1000 if p50 else None,
        "p99_ms": _seconds(p99.group(1)) * 1000 if p99 else None,
        "errors": (errors.group(1) if errors else "") + (f" non-2xx: {non2xx.group(1)}" if non2xx else ""),
        "connections": connections,
        "seconds": seconds,
    }


def serve_and_load(env: dict, pages: dict[str, str | list[str]], seconds: int, connections: int) -> dict:
    """Start gunicorn, check each page answers 200, load each with wrk, measure the workers' memory, stop.

    A page given as a list of paths is loaded in rotation (distinct search queries: uncached answers).
    """
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (Debian package wrk; `make bench` installs it)"}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive.wsgi:application", "--workers", "2", "--bind", f"{HOST}:{port}",
         "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    results: dict = {"pages": {}}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + pages["minimal"], timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    err = server.stderr.read() if server.poll() is not None else ""
                    return {"skipped": f"gunicorn did not answer: {err[-500:]}"}
                time.sleep(0.3)
        for name, spec in pages.items():
            paths = spec if isinstance(spec, list) else [spec]
            path = paths[0]
            try:
                started = time.perf_counter()
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    size = len(response.read())
                    status = response.status
                first = (time.perf_counter() - started) * 1000
            except OSError as error:
                results["pages"][name] = {"path": path, "error": str(error)}
                continue
            script = _rotation_script(paths, Path(env["BAYEGAN_VAR_DIR"])) if len(paths) > 1 else None
            figures = wrk(base + path, seconds, connections, script)
            shown = path if script is None else f"{path} … ({len(paths)} distinct URLs in turn)"
            results["pages"][name] = {"path": shown, "status": status, "bytes": size, "first_ms": first, **figures}
        workers = _children(server.pid)
        results["workers"] = {pid: _rss_mb(pid) for pid in workers}
        results["worker_peak_rss_mb"] = max((w.get("VmHWM", 0) for w in results["workers"].values()), default=None)
        results["worker_rss_mb"] = max((w.get("VmRSS", 0) for w in results["workers"].values()), default=None)
        # RSS counts mapped index files and libraries too (shared, reclaimable): the worker's own part beside it.
        results["worker_anon_mb"] = max((w.get("RssAnon", 0) for w in results["workers"].values()), default=None)
        results["worker_file_mb"] = max((w.get("RssFile", 0) for w in results["workers"].values()), default=None)
        results["worker_pss_mb"] = max((w.get("Pss", 0) for w in results["workers"].values()), default=None)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return results
