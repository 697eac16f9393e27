"""The production process model on this machine, for fault injection: its own PostgreSQL
cluster (initdb, pg_ctl) and Redis server on spare ports, a slow SMTP server, then the
Procfile's release step, the demo content, and web (gunicorn with gunicorn.conf.py), worker
and beat with the production settings. Never touches the machine's shared servers."""

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
BASE_PORT = int(os.environ.get("FAULTS_BASE_PORT", "26000"))
PG_PORT, REDIS_PORT, SMTP_PORT, WEB_PORT = BASE_PORT + 10, BASE_PORT + 11, BASE_PORT + 12, BASE_PORT + 20
# A second Redis, for the scenarios where the broker is a server of its own.
BROKER_REDIS_PORT = BASE_PORT + 13


def _pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise RuntimeError(f"{name} not found: install PostgreSQL's server binaries.")


def _procfile():
    lines = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line and not line.startswith("#") and ":" in line:
            name, command = line.split(":", 1)
            lines[name.strip()] = command.strip()
    return lines


class Stack:
    def __init__(self, *, purge_url=None):
        self.work = Path(tempfile.mkdtemp(prefix="editorial-faults-"))
        self.pgdata = self.work / "pgdata"
        self.logs = self.work / "logs"
        self.logs.mkdir()
        self.processes = {}
        self.redis = {}  # port: process
        self.base_url = f"http://127.0.0.1:{WEB_PORT}"
        self.database_url = f"postgres://postgres@127.0.0.1:{PG_PORT}/editorial"
        self.env = {
            **os.environ,
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
            "DJANGO_SETTINGS_MODULE": "editorial.settings.production",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(SMTP_PORT),
            "SITE_URL": self.base_url,
            "BIND": "127.0.0.1",
            "PORT": str(WEB_PORT),
            "WEB_CONCURRENCY": "2",
            "CELERY_CONCURRENCY": "2",
            "CELERY_BEAT_SCHEDULE_FILE": str(self.work / "celerybeat-schedule"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("CELERY_BROKER_URL", None)
        if purge_url:
            self.env["FRONTEND_CACHE_PURGE_URL"] = purge_url

    # -- PostgreSQL ---------------------------------------------------------------------
    def _as_postgres(self, *command):
        user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        kwargs = {"user": user.pw_uid, "group": user.pw_gid} if user else {}
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def pg_init(self):
        self.pgdata.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.work, "postgres")
            shutil.chown(self.pgdata, "postgres")
        self._as_postgres(
            _pg_bin("initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.pg_start()
        self._as_postgres(
            _pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "editorial"
        )

    def pg_start(self):
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {self.pgdata} -c fsync=off"
        self._as_postgres(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.pgdata),
            "-o",
            options,
            "-l",
            str(self.work / "pg.log"),
            "-w",
            "start",
        )

    def pg_stop(self):
        self._as_postgres(_pg_bin("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop")

    def pg_pids(self):
        """The postmaster and every backend of our cluster."""
        postmaster = int((self.pgdata / "postmaster.pid").read_text().split()[0])
        pids = [postmaster]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == postmaster:
                    pids.append(int(entry.name))
        return pids

    def pg_signal(self, sig):
        for pid in self.pg_pids():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def sql(self, query, params=()):
        with psycopg.connect(
            self.database_url.replace("postgres://", "postgresql://"), connect_timeout=5
        ) as conn:
            with conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else None

    # -- Redis --------------------------------------------------------------------------
    def redis_start(self, port=REDIS_PORT):
        log = open(self.logs / f"redis-{port}.log", "ab")  # noqa: SIM115 - closed with the process
        self.redis[port] = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        self._wait(lambda: self._redis_ping(port), "Redis")

    @staticmethod
    def _redis_ping(port):
        import redis

        try:
            return redis.Redis(port=port, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def redis_stop(self, port=REDIS_PORT):
        process = self.redis.pop(port, None)
        if process is not None:
            process.terminate()
            process.wait(10)

    # -- the Procfile's processes ---------------------------------------------------------
    def manage(self, *args, script=None, timeout=300):
        command = [str(VENV_BIN / "python"), "manage.py", *args]
        return subprocess.run(
            command, cwd=ROOT, env=self.env, input=script, capture_output=True, text=True, timeout=timeout
        )

    def release(self):
        command = _procfile()["release"]
        subprocess.run(["sh", "-c", command], cwd=ROOT, env=self.env, check=True, capture_output=True)
        result = self.manage("load_demo")
        assert result.returncode == 0, result.stderr[-2000:]

    def start(self, name):
        command = _procfile()[name]
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            ["sh", "-c", f"exec env {command}"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        if name == "web":
            self._wait(self._web_answers, "gunicorn")

    def _web_answers(self):
        try:
            with urllib.request.urlopen(self.base_url + "/healthz", timeout=3) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def signal(self, name, sig, *, group=False):
        process = self.processes[name]
        if group:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)

    def wait_exit(self, name, timeout=60):
        self.processes[name].wait(timeout)

    def stop(self, name, timeout=40):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def restart_processes(self, **env):
        """web, worker and beat stopped, their environment changed (None removes a variable),
        and started again."""
        for name in ("beat", "worker", "web"):
            self.stop(name)
        for key, value in env.items():
            if value is None:
                self.env.pop(key, None)
            else:
                self.env[key] = value
        for name in ("web", "worker", "beat"):
            self.start(name)

    def log_tail(self, name, lines=40):
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    @staticmethod
    def _wait(condition, what, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.3)
        raise RuntimeError(f"{what} did not come up within {timeout} s.")

    # -- everything ---------------------------------------------------------------------
    def up(self):
        self.pg_init()
        self.redis_start()
        self.release()
        for name in ("web", "worker", "beat"):
            self.start(name)

    def down(self):
        for name in list(self.processes):
            self.stop(name, timeout=15)
        try:
            self.pg_signal(signal.SIGCONT)
        except (OSError, ValueError):
            pass
        for port in list(self.redis):
            self.redis_stop(port)
        try:
            self.pg_stop()
        except (subprocess.CalledProcessError, OSError):
            pass
        shutil.rmtree(self.work, ignore_errors=True)
