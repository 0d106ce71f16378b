# test_packaging.py — sdk/python installs offline: the in-tree build
# backend makes a wheel and an sdist (standard library only) whose metadata
# matches pyproject.toml, and pip installs the project with --no-index
# into a fresh virtual environment, where the package imports and talks to
# the server. Nothing is written inside sdk/python.
# SPDX-License-Identifier: BSD-3-Clause
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.normpath(os.path.join(HERE, "..", "..", "sdk", "python"))

BUILD = """
import sys
sys.path.insert(0, "build_backend")
import uc_backend
print(uc_backend.build_wheel(sys.argv[1]))
print(uc_backend.build_sdist(sys.argv[1]))
"""


def project_version():
    try:
        import tomllib
    except ImportError:  # Python < 3.11: read the one line
        with open(os.path.join(PROJECT, "pyproject.toml")) as f:
            for line in f:
                if line.startswith("version = "):
                    return line.split('"')[1]
        return None
    with open(os.path.join(PROJECT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]["version"]


class BackendTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="uc-pkg-")
        before = sorted(os.listdir(PROJECT))
        out = subprocess.run([sys.executable, "-c", BUILD, cls.tmp],
                             cwd=PROJECT, check=True, stdout=subprocess.PIPE,
                             env=dict(os.environ,
                                      PYTHONDONTWRITEBYTECODE="1"))
        cls.wheel, cls.sdist = out.stdout.decode().split()
        cls.after = sorted(os.listdir(PROJECT))
        cls.before = before

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_wheel_contents_and_metadata(self):
        """the wheel holds the package and metadata matching pyproject"""
        version = project_version()
        self.assertEqual(self.wheel,
                         "unlimited_cluster-%s-py3-none-any.whl" % version)
        with zipfile.ZipFile(os.path.join(self.tmp, self.wheel)) as z:
            names = set(z.namelist())
            meta = z.read("unlimited_cluster-%s.dist-info/METADATA"
                          % version).decode()
            record = z.read("unlimited_cluster-%s.dist-info/RECORD"
                            % version).decode()
        for f in ("__init__.py", "client.py", "transport.py", "errors.py",
                  "dashboard.py", "dashboard.html", "py.typed"):
            self.assertIn("unlimited_cluster/" + f, names)
        self.assertFalse([n for n in names if "__pycache__" in n
                          or n.endswith(".pyc")])
        self.assertIn("Name: unlimited-cluster\n", meta)
        self.assertIn("Version: %s\n" % version, meta)
        self.assertIn("Requires-Python: >=3.8\n", meta)
        self.assertNotIn("Requires-Dist", meta)
        self.assertEqual(len(record.strip().splitlines()), len(names))

    def test_sdist_contents(self):
        """the sdist can rebuild: pyproject, backend, README, package"""
        with tarfile.open(os.path.join(self.tmp, self.sdist)) as t:
            names = set(t.getnames())
        base = self.sdist[:-len(".tar.gz")]
        for f in ("pyproject.toml", "README.md", "PKG-INFO",
                  "build_backend/uc_backend.py",
                  "unlimited_cluster/client.py"):
            self.assertIn(base + "/" + f, names)

    def test_build_writes_nothing_in_the_project(self):
        """building leaves sdk/python as it was"""
        self.assertEqual(self.after, self.before)


class PipInstallTest(unittest.TestCase):
    def test_pip_installs_offline_into_a_venv(self):
        """pip --no-index installs sdk/python into a fresh venv"""
        tmp = tempfile.mkdtemp(prefix="uc-venv-")
        self.addCleanup(shutil.rmtree, tmp, True)
        venv = os.path.join(tmp, "venv")
        made = subprocess.run([sys.executable, "-m", "venv", venv],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        py = os.path.join(venv, "bin", "python")
        if made.returncode != 0 or subprocess.run(
                [py, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL).returncode != 0:
            self.skipTest("python3 -m venv with pip is not available")
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PIP_INDEX_URL",
                            "PIP_EXTRA_INDEX_URL")}
        env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
                   PYTHONDONTWRITEBYTECODE="1")
        # A copy, so that pip's own temporary files stay out of the tree.
        src = os.path.join(tmp, "src")
        shutil.copytree(PROJECT, src, ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc"))
        pip = subprocess.run([py, "-m", "pip", "install", "--no-index",
                              "--no-cache-dir", src], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=300)
        self.assertEqual(pip.returncode, 0, pip.stdout.decode()[-2000:])
        code = ("import os, unlimited_cluster as u; "
                "m = u.UnlimitedClusterManager(os.environ['UC_URL'], "
                "os.environ['UC_USER'], os.environ['UC_PASSWORD']); "
                "print(u.__file__); print(m.stats()['servers'] >= 0)")
        run = subprocess.run([py, "-c", code], env=env, cwd=tmp,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=120)
        out = run.stdout.decode()
        self.assertEqual(run.returncode, 0, out)
        self.assertIn(os.path.join(venv, "lib"), out)
        self.assertTrue(out.strip().endswith("True"), out)


if __name__ == "__main__":
    unittest.main()
