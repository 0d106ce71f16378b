# tap.py — runs tests/sdk/test_*.py (unittest) and prints one numbered
# `ok N - name` / `not ok N - name` line per test (numbers continue the
# suite's results file $UC_RESULTS), with the failure's traceback as
# `#   ` lines. Arguments: module names to run (default: every test_*.py).
# Exit status 1 when any test failed.
# SPDX-License-Identifier: BSD-3-Clause
import os
import sys
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.environ.get("UC_RESULTS") or os.path.join(HERE, ".results")


def record(result, name, details="", skip=False):
    with open(RESULTS, "a", encoding="utf-8") as f:
        f.write(result + (" # SKIP" if skip else "") + "\n")
    with open(RESULTS, encoding="utf-8") as f:
        n = sum(1 for _ in f)
    print("%s %d - %s" % (result, n, name))
    for line in details.rstrip("\n").splitlines()[-25:]:
        print("#   " + line)
    sys.stdout.flush()


def test_name(test):
    module = type(test).__module__
    doc = test.shortDescription()
    method = test.id().rsplit(".", 1)[-1]
    return "%s: %s" % (module, doc or method)


class TapResult(unittest.TestResult):
    def startTest(self, test):
        super().startTest(test)
        self._t0 = time.monotonic()

    def _took(self):
        return time.monotonic() - self._t0

    def addSuccess(self, test):
        super().addSuccess(test)
        record("ok", test_name(test) + ("" if self._took() < 5 else
                                        " (%.1f s)" % self._took()))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        record("not ok", test_name(test), self._exc(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        record("not ok", test_name(test), self._exc(err, test))

    def addSkip(self, test, reason):
        # TAP's form; run.sh counts skips apart from passes.
        super().addSkip(test, reason)
        record("ok", test_name(test) + " # SKIP " + reason, skip=True)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        record("not ok", test_name(test) + " (expected failure is not "
               "allowed here)")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        record("not ok", test_name(test) + " (unexpected success)")

    def _exc(self, err, test):
        return "".join(traceback.format_exception(*err))


def main(argv):
    sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    if argv:
        suite = unittest.TestSuite(loader.loadTestsFromName(m.replace(".py", ""))
                                   for m in argv)
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = TapResult()
    suite.run(result)
    if result.testsRun == 0:
        record("not ok", "no tests found in %s" % HERE)
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
