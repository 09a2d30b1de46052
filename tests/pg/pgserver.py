#!/usr/bin/env python3
"""A throw-away PostgreSQL server for tests.

The server lives entirely in a fresh temporary directory: its data directory,
its log and its unix socket.  It never listens on TCP.  When the harness runs
as root the server binaries run as the unprivileged ``postgres`` OS user
(PostgreSQL refuses to run as root).  The directory is removed when the
server stops, and the server is stopped on every exit path: normal return,
exception, SIGINT/SIGTERM/SIGHUP, and interpreter exit (atexit); a detached
watchdog shell stops it even when this process is killed outright.

Usable as a module (``with PgServer() as pg: ...``) and as a command:

    python3 tests/pg/pgserver.py [--schema tests/pg/schema.sql] -- COMMAND ...

runs COMMAND with PGHOST, PGPORT, PGDATABASE and PGUSER pointing at the server,
then stops it; COMMAND's exit code is returned.
"""

import argparse
import atexit
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

DEFAULT_BINDIR = "/usr/lib/postgresql/15/bin"
DEFAULT_PORT = 5432  # socket-only, so no clash with anything listening on TCP
DATABASE = "planlens"
SUPERUSER = "postgres"

# Settings that make plans reproducible from one run and one machine to the next.
DETERMINISTIC_SETTINGS = {
    "listen_addresses": "''",
    "max_connections": "20",
    "shared_buffers": "'128MB'",
    "fsync": "off",  # a throw-away cluster: durability buys nothing, speed does
    "synchronous_commit": "off",
    "full_page_writes": "on",  # keep FPI counts in WAL output realistic
    "autovacuum": "off",  # no background ANALYZE changing estimates mid-run
    "random_page_cost": "1.1",
    "seq_page_cost": "1.0",
    "effective_cache_size": "'1GB'",
    "work_mem": "'4MB'",
    "jit": "off",  # turned on per statement where the catalogue wants JIT
    "max_worker_processes": "16",
    "max_parallel_workers": "8",
    "max_parallel_workers_per_gather": "2",
    "track_io_timing": "off",
    "compute_query_id": "on",
    "lc_messages": "'C'",
    "timezone": "'UTC'",
    "datestyle": "'ISO, MDY'",
    "default_statistics_target": "100",
    "log_destination": "'stderr'",
    "logging_collector": "on",
    "log_directory": "'log'",
    "log_filename": "'postgresql.log'",
    "log_line_prefix": "'%m [%p] %q%u@%d '",
}


# Settings that only exist from some major version on: older servers refuse to
# start with a setting they do not know.
SETTING_MIN_VERSION = {"compute_query_id": 14}


class PgServerError(RuntimeError):
    """The server could not be initialised, started or reached."""


def _running_as_root():
    return os.geteuid() == 0


def _as_server_user(argv):
    """Prefix argv so it runs as the postgres OS user when we are root."""
    if _running_as_root():
        return ["runuser", "-u", SUPERUSER, "--"] + list(argv)
    return list(argv)


class PgServer:
    """One initdb'd cluster in a temporary directory, started on a unix socket."""

    def __init__(self, bindir=DEFAULT_BINDIR, port=DEFAULT_PORT, extra_settings=None):
        self.bindir = bindir
        self.port = port
        self.settings = dict(DETERMINISTIC_SETTINGS)
        self.settings.update(extra_settings or {})
        self.basedir = None
        self.started = False
        self.version = None  # major version of the server binaries, known once started
        self._old_handlers = {}
        self._reaper = None

    # -- paths ---------------------------------------------------------------
    @property
    def datadir(self):
        return os.path.join(self.basedir, "data")

    @property
    def socketdir(self):
        return self.basedir

    @property
    def logfile(self):
        """The server's own log (logging_collector writes it under the data dir)."""
        return os.path.join(self.datadir, "log", "postgresql.log")

    @property
    def startup_log(self):
        return os.path.join(self.basedir, "startup.log")

    def _bin(self, name):
        return os.path.join(self.bindir, name)

    # -- lifecycle -----------------------------------------------------------
    def start(self):
        """initdb, configure and start; raises PgServerError with the reason."""
        for tool in ("initdb", "pg_ctl", "postgres"):
            if not os.access(self._bin(tool), os.X_OK):
                raise PgServerError("PostgreSQL binary not found: %s" % self._bin(tool))
        if shutil.which("psql") is None:
            raise PgServerError("psql not found on PATH")
        self.version = server_version(self.bindir)
        if _running_as_root():
            try:
                pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise PgServerError("running as root but there is no '%s' OS user" % SUPERUSER)
            if shutil.which("runuser") is None:
                raise PgServerError("running as root but runuser(1) is missing")
        self._install_cleanup()
        # /tmp and a short name: the socket path must stay under ~100 bytes.
        self.basedir = tempfile.mkdtemp(prefix="planlens-pg-", dir="/tmp")
        os.chmod(self.basedir, 0o755)
        if _running_as_root():
            pw = pwd.getpwnam(SUPERUSER)
            os.chown(self.basedir, pw.pw_uid, pw.pw_gid)
        self._run(_as_server_user([
            self._bin("initdb"), "-D", self.datadir, "-U", SUPERUSER,
            "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync",
        ]), "initdb")
        self._write_config()
        self._spawn_reaper()
        self._run(_as_server_user([
            self._bin("pg_ctl"), "-D", self.datadir, "-l", self.startup_log,
            "-w", "-t", "60", "-o", "-p %d" % self.port, "start",
        ]), "pg_ctl start")
        self.started = True
        self._wait_ready()
        self.psql_sql("CREATE DATABASE %s" % DATABASE, db="postgres")

    def stop(self):
        """Stop the server (fast, then immediate) and remove the directory."""
        if self.basedir is None:
            return
        if self.started:
            for mode in ("fast", "immediate"):
                res = subprocess.run(_as_server_user([
                    self._bin("pg_ctl"), "-D", self.datadir, "-m", mode, "-w", "-t", "30", "stop",
                ]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                if res.returncode == 0:
                    break
            self.started = False
        shutil.rmtree(self.basedir, ignore_errors=True)
        self.basedir = None
        if self._reaper is not None:
            self._reaper.kill()
            self._reaper.wait()
            self._reaper = None
        self._restore_handlers()

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- cleanup on signals and exit ----------------------------------------
    def _install_cleanup(self):
        """Make sure an interrupted run still stops the server.

        Signals are turned into SystemExit so the normal try/finally and
        context-manager paths run; atexit catches everything else that still
        lets Python shut down."""
        atexit.register(self.stop)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            try:
                self._old_handlers[sig] = signal.signal(sig, self._on_signal)
            except ValueError:  # not in the main thread
                pass

    def _spawn_reaper(self):
        """A detached shell that stops the server and removes the directory
        once this process is gone, even if it was SIGKILLed (a CTest timeout)
        and no Python cleanup could run."""
        stop = " ".join(_as_server_user([self._bin("pg_ctl"), "-D", self.datadir, "-m", "immediate", "stop"]))
        script = ("while kill -0 %d 2>/dev/null; do sleep 1; done; "
                  "%s >/dev/null 2>&1; rm -rf '%s'") % (os.getpid(), stop, self.basedir)
        self._reaper = subprocess.Popen(["sh", "-c", script], start_new_session=True,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)

    def _on_signal(self, signum, _frame):
        raise SystemExit(128 + signum)

    def _restore_handlers(self):
        for sig, handler in self._old_handlers.items():
            try:
                signal.signal(sig, handler)
            except ValueError:
                pass
        self._old_handlers = {}

    # -- helpers -------------------------------------------------------------
    def _write_config(self):
        settings = {k: v for k, v in self.settings.items() if self.version >= SETTING_MIN_VERSION.get(k, 0)}
        settings["unix_socket_directories"] = "'%s'" % self.socketdir
        settings["port"] = str(self.port)
        lines = ["# planlens test settings"] + ["%s = %s" % kv for kv in sorted(settings.items())]
        conf = os.path.join(self.datadir, "postgresql.conf")
        with open(conf, "a") as f:
            f.write("\n".join(lines) + "\n")

    def _run(self, argv, what):
        res = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if res.returncode != 0:
            log = ""
            if os.path.exists(self.startup_log):
                with open(self.startup_log) as f:
                    log = f.read()
            raise PgServerError("%s failed (exit %d):\n%s%s" % (what, res.returncode, res.stdout, log))
        return res.stdout

    def _wait_ready(self):
        deadline = time.monotonic() + 30
        while True:
            res = subprocess.run(self.psql_argv("postgres") + ["-c", "SELECT 1"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if res.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise PgServerError("server did not accept connections: " + res.stderr)
            time.sleep(0.2)

    def env(self):
        """libpq environment pointing at this server."""
        env = dict(os.environ)
        env.update(PGHOST=self.socketdir, PGPORT=str(self.port), PGDATABASE=DATABASE,
                   PGUSER=SUPERUSER, PGTZ="UTC", PGCLIENTENCODING="UTF8")
        env.pop("PGOPTIONS", None)
        env.pop("PGSERVICE", None)
        return env

    def psql_argv(self, db=DATABASE):
        """psql with no ~/.psqlrc, stopping on the first error."""
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.socketdir,
                "-p", str(self.port), "-U", SUPERUSER, "-d", db]

    def psql_sql(self, sql, db=DATABASE):
        """Run SQL text through psql; raise PgServerError with psql's message."""
        res = subprocess.run(self.psql_argv(db), input=sql, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=self.env())
        if res.returncode != 0:
            raise PgServerError("psql failed (exit %d): %s" % (res.returncode, res.stderr.strip()))
        return res.stdout

    def psql_file(self, path, db=DATABASE):
        res = subprocess.run(self.psql_argv(db) + ["-f", path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=self.env())
        if res.returncode != 0:
            raise PgServerError("psql -f %s failed (exit %d): %s" % (path, res.returncode, res.stderr.strip()))
        return res.stdout

    def load_schema(self, path):
        """Load the schema file; @SOCKET_DIR@ and @PORT@ are substituted
        so the postgres_fdw loopback server can reach this very server, and
        "@since N:TEXT@" is TEXT on PostgreSQL N and newer, nothing before."""
        with open(path) as f:
            sql = f.read()
        sql = sql.replace("@SOCKET_DIR@", self.socketdir).replace("@PORT@", str(self.port))
        # "@since 14:TEXT@": TEXT only for servers of that major version or newer
        sql = re.sub(r"@since (\d+):(.*?)@", lambda m: m.group(2) if self.version >= int(m.group(1)) else "", sql)
        return self.psql_sql(sql)


def server_version(bindir):
    """The major version of the postgres binary in bindir (12, 13, ... 18)."""
    try:
        out = subprocess.run([os.path.join(bindir, "postgres"), "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=30).stdout
    except OSError as e:
        raise PgServerError("cannot run %s/postgres: %s" % (bindir, e))
    m = re.search(r"\(PostgreSQL\) (\d+)", out)
    if not m:
        raise PgServerError("%s/postgres --version printed %r" % (bindir, out.strip()))
    return int(m.group(1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bindir", default=DEFAULT_BINDIR)
    ap.add_argument("--schema", help="SQL file to load after start")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ... (default: psql)")
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with PgServer(bindir=args.bindir) as pg:
        if args.schema:
            pg.load_schema(args.schema)
        print("planlens test server: PGHOST=%s PGPORT=%d PGDATABASE=%s" % (pg.socketdir, pg.port, DATABASE),
              file=sys.stderr)
        # A non-interactive command gets its own process group so that an
        # interrupted run takes all of it down; an interactive psql keeps the terminal.
        interactive = sys.stdin.isatty()
        proc = subprocess.Popen(command or ["psql", "-X"], env=pg.env(), start_new_session=not interactive)
        try:
            return proc.wait()
        finally:
            if proc.poll() is None:
                if interactive:
                    proc.terminate()
                else:
                    os.killpg(proc.pid, signal.SIGTERM)
                proc.wait()


if __name__ == "__main__":
    sys.exit(main())
