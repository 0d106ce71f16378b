# uc_backend.py — an in-tree PEP 517/660 build backend (standard library
# only) so that `pip install sdk/python` works offline: it needs no
# setuptools download. Builds the pure-Python wheel, the sdist and an
# editable wheel of the unlimited_cluster package.
# SPDX-License-Identifier: BSD-3-Clause
"""Build backend for the unlimited-cluster Python client."""

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "unlimited_cluster"
NAME = "unlimited-cluster"
DIST = "unlimited_cluster"
SUMMARY = ("Python client (standard library only) for the unlimited-cluster "
           "Webmin module's REST API")
REQUIRES_PYTHON = ">=3.8"
LICENSE = "BSD-3-Clause"
# Files of the package that ship (no caches, no editor leftovers).
_SHIP = re.compile(r"^[A-Za-z0-9_]+\.(py|html)$|^py\.typed$")


def _version():
    with open(os.path.join(ROOT, PACKAGE, "__init__.py"),
              encoding="utf-8") as f:
        m = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if not m:
        raise RuntimeError("no __version__ in %s/__init__.py" % PACKAGE)
    return m.group(1)


def _stamp():
    """Fixed file times (SOURCE_DATE_EPOCH when set) for reproducible
    archives."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return max(epoch, 315532800)


def _package_files():
    out = []
    pkg = os.path.join(ROOT, PACKAGE)
    for name in sorted(os.listdir(pkg)):
        if _SHIP.match(name) and os.path.isfile(os.path.join(pkg, name)):
            out.append(PACKAGE + "/" + name)
    return out


def _metadata():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + NAME,
        "Version: " + _version(),
        "Summary: " + SUMMARY,
        "License: " + LICENSE,
        "Requires-Python: " + REQUIRES_PYTHON,
        "Classifier: License :: OSI Approved :: BSD License",
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Topic :: System :: Systems Administration",
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(lines) + "\n\n" + readme


def _dist_info():
    return "%s-%s.dist-info" % (DIST, _version())


def _wheel_file():
    return ("Wheel-Version: 1.0\nGenerator: uc_backend\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n")


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _write_wheel(directory, entries):
    """entries: [(archive name, bytes)]; adds the dist-info files and
    RECORD. Returns the wheel's file name."""
    info = _dist_info()
    entries = list(entries) + [
        (info + "/METADATA", _metadata().encode("utf-8")),
        (info + "/WHEEL", _wheel_file().encode("utf-8")),
    ]
    record = io.StringIO()
    for name, data in entries:
        record.write("%s,%s,%d\n" % (name, _record_hash(data), len(data)))
    record.write(info + "/RECORD,,\n")
    entries.append((info + "/RECORD", record.getvalue().encode("utf-8")))
    filename = "%s-%s-py3-none-any.whl" % (DIST, _version())
    date = time.gmtime(_stamp())[:6]
    with zipfile.ZipFile(os.path.join(directory, filename), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=date)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return filename


def _read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


# -- PEP 517 hooks --------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info = _dist_info()
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    for name, text in (("METADATA", _metadata()), ("WHEEL", _wheel_file())):
        with open(os.path.join(metadata_directory, info, name), "w",
                  encoding="utf-8") as f:
            f.write(text)
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    return _write_wheel(wheel_directory,
                        [(rel, _read(rel)) for rel in _package_files()])


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    # A .pth file puts this source folder on sys.path (PEP 660).
    pth = (ROOT + "\n").encode("utf-8")
    return _write_wheel(wheel_directory, [(DIST + ".pth", pth)])


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (DIST, _version())
    filename = base + ".tar.gz"
    files = ["pyproject.toml", "README.md", "build_backend/uc_backend.py"]
    files += _package_files()
    stamp = _stamp()

    def add(tar, name, data, mode=0o644):
        ti = tarfile.TarInfo(base + "/" + name)
        ti.size = len(data)
        ti.mtime = stamp
        ti.mode = mode
        ti.uname = ti.gname = ""
        tar.addfile(ti, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz",
                      format=tarfile.PAX_FORMAT) as tar:
        for rel in files:
            add(tar, rel, _read(rel))
        add(tar, "PKG-INFO", _metadata().encode("utf-8"))
    return filename
