"""pytest configuration shared by the unit tests and the nbval notebook replay.

Replay modes. ``make execute`` saves the float path the outputs were made on as
``reference_path.json`` next to the notebooks (``course_utils.float_path``). A replay on the
same path, and every replay with ``CI=true``, is strict: every compared cell must print the
same text. On another path (Apple Silicon, Windows, another TensorFlow, no AVX2,
``ONEDNN_MAX_CPU_ISA=SSE41`` or ``COURSE_EIGEN_CACHES=native``) the replay is tolerant, cell by cell from ``metadata.tags``:

- ``depends-on-training``: numbers within ``float_path.RELATIVE_TOLERANCE`` /
  ``ABSOLUTE_TOLERANCE``, the text around them exactly (up to column alignment);
- ``generated-text`` (sampled or decoded text) and ``seed-sensitive`` (results the notebook
  shows changing from seed to seed: which runs learn, which blow up, the order of close
  scores; another float path changes them as another seed would): output not compared;
- untagged: exactly, as in strict mode.

Every cell still runs, so every assert still runs. The run ends with a "notebook replay"
section: both paths, the mode, and how many cells were compared exactly, within tolerance
or not at all; then the wall time per notebook.
"""
import collections
import functools
import os
import pathlib
import time

import pytest

# Kernels started by nbval inherit this environment. Importing course_utils sets the float
# path the saved outputs were made on (oneDNN rewrites off, its kernels pinned to AVX2, quiet
# logs; each kernel's setup() pins Eigen's cache sizes) unless the environment already chose one, as `make robustness` does.
import course_utils  # noqa: F401
from course_utils import float_path

from nbval.plugin import IPyNbCell, IPyNbFile, transform_streams_for_comparison

# The fixture notebooks of tests/test_replay_modes.py are replayed by that test, not here.
collect_ignore = ["tests/fixtures"]

REFERENCE_FILE = "reference_path.json"
TOLERANCE_TAG, NOT_COMPARED_TAGS = float_path.TOLERANCE_TAG, float_path.NOT_COMPARED_TAGS
NOTEBOOK_BUDGET_SECONDS = 90
# How each cell's output is checked; carried from xdist workers to the controller in
# report.user_properties under these names.
EXACT, TOLERANCE, NOT_COMPARED = float_path.EXACT, float_path.TOLERANCE, float_path.NOT_COMPARED
PROPERTIES = ("replay_reference", "replay_mode", "replay_compare")


# ---------------------------------------------------------------- parallel replay (xdist)

@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker per core, but no more workers than notebooks to replay.

    pytest-xdist's `--dist loadscope` keeps a notebook's cells in one worker (they share one
    kernel), so extra workers would only sit idle; with one notebook or none (unit tests
    only) the run stays in this process. PYTEST_XDIST_AUTO_NUM_WORKERS still wins.
    """
    from xdist.plugin import pytest_xdist_auto_num_workers as per_core

    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    notebooks = _count_notebooks(config) if (config.option.nbval or config.option.nbval_lax) else 0
    workers = min(per_core(config), notebooks)
    return workers if workers > 1 else 0


def _count_notebooks(config):
    ignored = {(config.rootpath / p).resolve() for p in collect_ignore}
    count = 0
    for arg in config.args:
        path = pathlib.Path(arg.split("::")[0])
        path = (path if path.is_absolute() else config.invocation_params.dir / path).resolve()
        if path.is_file():
            count += path.suffix == ".ipynb"
        elif path.is_dir():
            count += sum(1 for nb in path.rglob("*.ipynb")
                         if ".ipynb_checkpoints" not in nb.parts
                         and not any(nb.is_relative_to(d) for d in ignored))
    return count


# ---------------------------------------------------------------- replay modes (workers)

@functools.lru_cache(maxsize=None)
def _replay_mode(notebook_dir):
    """("strict" | "tolerant", reference file) for the notebooks in ``notebook_dir``."""
    reference_file = pathlib.Path(notebook_dir) / REFERENCE_FILE
    reference = float_path.load(reference_file)  # ValueError naming the file if missing/corrupt
    if _on_ci() or not float_path.differences(reference, float_path.describe()):
        return "strict", reference_file
    return "tolerant", reference_file


def _on_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """A notebook without a readable reference_path.json beside it is a collection error
    that says how to fix it (the same with or without xdist)."""
    report = yield
    if isinstance(collector, IPyNbFile) and report.passed:
        try:
            _replay_mode(str(collector.path.parent))
        except ValueError as err:
            return pytest.CollectReport(report.nodeid, "failed", str(err), [])
    return report


def pytest_collection_modifyitems(config, items):
    """Choose how each notebook cell is compared, and tag its reports with the choice."""
    for item in items:
        if not isinstance(item, IPyNbCell):
            continue
        # TensorFlow writes C++ log lines straight to the process's stderr. Jupyter captures
        # them into the saved notebook but nbval's kernel does not, so stderr never matches.
        # Warnings belong on stderr too; results worth checking are printed to stdout.
        # nbval compares a stream under its name ("stdout"/"stderr") and skips the keys in
        # the collector's skip_compare, so naming "stderr" there leaves it out.
        if "stderr" not in item.parent.skip_compare:
            item.parent.skip_compare = item.parent.skip_compare + ("stderr",)
        mode, reference_file = _replay_mode(str(item.path.parent))
        if reference_file.is_relative_to(config.rootpath):
            reference_file = reference_file.relative_to(config.rootpath)
        how = _choose_comparison(item, mode)
        item.user_properties.extend(zip(PROPERTIES, (str(reference_file), mode, how)))


def _choose_comparison(item, mode):
    """Set up ``item`` for ``mode``; return EXACT, TOLERANCE or NOT_COMPARED."""
    if item.options["skip"] or not item.options["check"]:
        return NOT_COMPARED  # NBVAL_SKIP, NBVAL_IGNORE_OUTPUT, or --nbval-lax
    how = float_path.comparison(list(item.cell.metadata.get("tags", [])), strict=mode == "strict")
    if how == NOT_COMPARED:
        item.options["check"] = False  # nbval's own switch: the cell runs, its output is not compared
    elif how == TOLERANCE:
        _compare_numbers_within_tolerance(item)
    return how


def _compare_numbers_within_tolerance(item):
    """Make nbval compare ``item``'s text with numbers masked, then the numbers one by one.

    nbval's ``compare_outputs`` (run on the masked text) keeps its diff and its rules (same
    outputs, same MIME types, skip_compare, sanitizing); this adds the number check.
    """
    exact_compare, plain_sanitize = item.compare_outputs, item.sanitize

    def sanitize_and_mask(value):
        value = plain_sanitize(value)
        return float_path.mask_numbers(value) if isinstance(value, str) else value

    def compare(test, ref, skip_compare=None):
        if not exact_compare(test, ref, skip_compare):  # nbval has written the diff
            item.comparison_traceback.insert(0, f"Tolerant replay of a cell tagged {TOLERANCE_TAG}: "
                                                f"the text around the numbers ({float_path.NUMBER_MASK}) differs")
            return False
        skip = skip_compare or item.parent.skip_compare
        saved, now = _texts(ref, skip, plain_sanitize), _texts(test, skip, plain_sanitize)
        problems = [f"{key}: {problem}" for key in saved for a, b in zip(saved[key], now[key])
                    for problem in float_path.numbers_differ(a, b)]
        if problems:
            item.comparison_traceback = [
                f"Numbers moved by more than the replay tolerance (relative "
                f"{float_path.RELATIVE_TOLERANCE:.0%} or absolute {float_path.ABSOLUTE_TOLERANCE}, "
                f"whichever is looser; this cell is tagged {TOLERANCE_TAG}):", *problems]
            return False
        return True

    item.sanitize = sanitize_and_mask  # instance attributes: only this cell changes
    item.compare_outputs = compare


def _texts(outputs, skip, sanitize):
    """The compared strings of ``outputs`` by key, as nbval's compare_outputs collects them."""
    texts = collections.defaultdict(list)
    for output in transform_streams_for_comparison(outputs):
        for key, value in output.items():
            if key in skip:
                continue
            values = value.items() if key == "data" else [(key, value)]
            for name, v in values:
                if name not in skip and isinstance(v, str):
                    texts[name].append(sanitize(v))
    return texts


# ---------------------------------------------------------------- summary (controller)

_notebook_seconds = collections.defaultdict(float)
_cells_by_reference = collections.defaultdict(collections.Counter)
_mode_by_reference = {}
_session_start = []


def pytest_sessionstart(session):
    _session_start.append(time.perf_counter())


def pytest_runtest_logreport(report):
    """Add up setup + call + teardown of every cell per notebook; count comparisons."""
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration
    props = dict(report.user_properties)
    if report.when == "call" and "replay_compare" in props:
        reference = props["replay_reference"]
        _cells_by_reference[reference][props["replay_compare"]] += 1
        _mode_by_reference[reference] = props["replay_mode"]


def pytest_terminal_summary(terminalreporter):
    """After pytest's summary: the float paths and replay mode, then time per notebook."""
    write = terminalreporter.write_line
    if _cells_by_reference:
        terminalreporter.section("notebook replay: float path and comparison")
        current = float_path.describe()
        for reference_file in sorted(_cells_by_reference):
            _write_replay_summary(write, terminalreporter.config.rootpath, reference_file, current)
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook wall time (all cells, kernel start included)")
    for path in sorted(_notebook_seconds):
        seconds = _notebook_seconds[path]
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_SECONDS else ""
        write(f"{seconds:7.1f} s  {path}{flag}")
    total = sum(_notebook_seconds.values())
    workers = getattr(terminalreporter.config.option, "numprocesses", 0) or 0
    elapsed = time.perf_counter() - _session_start[0] if _session_start else float("nan")
    write(f"{total:7.1f} s  all notebooks one after another (budget {NOTEBOOK_BUDGET_SECONDS} s each)")
    write(f"{elapsed:7.1f} s  this whole run, "
          + (f"{workers} notebooks at a time (pytest-xdist)" if workers > 1 else "one process"))


def _write_replay_summary(write, rootpath, reference_file, current):
    counts, mode = _cells_by_reference[reference_file], _mode_by_reference[reference_file]
    try:
        saved = float_path.load(rootpath / reference_file)
    except ValueError as err:  # removed or broken during the run
        write(f"{reference_file}: {err}")
        return
    keys = float_path.differences(saved, current)
    write(f"outputs saved on: {float_path.summary(saved)}  ({reference_file})")
    write(f"this run:         {float_path.summary(current)}")
    if keys:
        write("differs in:       " + "; ".join(f"{k} {saved.get(k)} -> {current.get(k)}" for k in keys))
    else:
        write("differs in:       nothing (same float path)")
    if mode == "strict":
        why = "CI=true" if keys else "same float path"
        write(f"mode:             strict ({why}): compared cells must print the same text")
    else:
        write(f"mode:             tolerant: cells tagged {TOLERANCE_TAG} compared number by number "
              f"(relative {float_path.RELATIVE_TOLERANCE:.0%} or absolute "
              f"{float_path.ABSOLUTE_TOLERANCE}), {' and '.join(NOT_COMPARED_TAGS)} not compared, "
              "others exactly")
    write(f"cells:            {counts[EXACT]} compared exactly, {counts[TOLERANCE]} within "
          f"tolerance, {counts[NOT_COMPARED]} not compared (NBVAL_IGNORE_OUTPUT, "
          f"{', '.join(NOT_COMPARED_TAGS)} or --nbval-lax)")
