"""pytest configuration shared by the unit tests and the nbval notebook replay."""
import collections
import os

# Kernels started by nbval inherit this environment. Importing course_utils sets the float
# path the saved outputs were made on (oneDNN rewrites off, its kernels pinned to AVX2, quiet
# logs) unless the environment already chose one, as `make robustness` does.
import course_utils  # noqa: E402,F401

from nbval.plugin import IPyNbCell  # noqa: E402

_compare_outputs = IPyNbCell.compare_outputs


def _without_stderr(outputs):
    return [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def _compare_outputs_except_stderr(self, test, ref, skip_compare=None):
    # TensorFlow writes C++ log lines straight to the process's stderr. Jupyter captures
    # them into the saved notebook but nbval's kernel does not, so stderr never matches.
    # Warnings belong on stderr too; results worth checking are printed to stdout.
    return _compare_outputs(self, _without_stderr(test), _without_stderr(ref), skip_compare)


IPyNbCell.compare_outputs = _compare_outputs_except_stderr

_notebook_seconds = collections.defaultdict(float)
NOTEBOOK_BUDGET_SECONDS = 90


def pytest_runtest_logreport(report):
    """Add up setup + call + teardown of every cell, per notebook."""
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    """pytest's --durations lists cells; this adds one line per notebook."""
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook wall time (all cells, kernel start included)")
    for path in sorted(_notebook_seconds):
        seconds = _notebook_seconds[path]
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_SECONDS else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")
    total = sum(_notebook_seconds.values())
    terminalreporter.write_line(f"{total:7.1f} s  all notebooks (budget {NOTEBOOK_BUDGET_SECONDS} s each)")
