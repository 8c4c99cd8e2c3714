"""The notebook replay's two modes (conftest.py), shown on a tiny NumPy-only notebook.

tests/fixtures/replay_modes.ipynb has an untagged cell, a `depends-on-training` cell, a
`generated-text` cell and a cell whose stderr changes on every run. Each case copies it into
its own folder with a `reference_path.json` saved for the AVX2 path, perturbs some saved
outputs as another float path would have, and replays the folders with nbval in a
subprocess that loads the repository's conftest.py. Another path is simulated with
ONEDNN_MAX_CPU_ISA=SSE41 only: nothing here imports TensorFlow.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from course_utils import float_path

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "replay_modes.ipynb"
UNTAGGED, TRAINED, GENERATED, STDERR = 0, 1, 2, 3   # nbval's "Cell N": code cells only
REFERENCE_ENV = {"ONEDNN_MAX_CPU_ISA": "AVX2", "TF_ENABLE_ONEDNN_OPTS": "0"}
OTHER_PATH_ENV = {"ONEDNN_MAX_CPU_ISA": "SSE41", "TF_ENABLE_ONEDNN_OPTS": "0"}
RESULT = re.compile(r"^(PASSED|FAILED|ERROR) (\S+)::Cell (\d+)", re.MULTILINE)

pytestmark = pytest.mark.skipif(
    float_path.describe(REFERENCE_ENV) == float_path.describe(OTHER_PATH_ENV),
    reason="ONEDNN_MAX_CPU_ISA=SSE41 gives the same float path here (not x86 with AVX)")


def shift_numbers(text, factor):
    """Multiply every number in ``text`` by ``factor``, keeping its decimals (a float drift)."""
    def shifted(match):
        decimals = len(match.group().partition(".")[2])
        return f"{float(match.group()) * factor:.{decimals}f}"
    return float_path.NUMBER.sub(shifted, text)


def make_case(root, name, edit=None):
    """Copy the fixture to ``root/name/`` with its reference path; ``edit(cells)`` perturbs it."""
    folder = root / name
    folder.mkdir()
    nb = nbformat.read(FIXTURE, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    if edit:
        edit(code)
    nbformat.write(nb, folder / FIXTURE.name)
    float_path.write(folder / "reference_path.json", float_path.describe(REFERENCE_ENV))
    return folder


def perturb(cell_index, factor):
    def edit(code):
        for out in code[cell_index].outputs:
            out.text = shift_numbers(out.text, factor)
    return edit


def make_drift_case(root):
    """The outputs another float path would save: trained numbers 3 % higher (within the
    tolerance), another sampled text."""
    def edit(code):
        perturb(TRAINED, 1.03)(code)
        for out in code[GENERATED].outputs:
            out.text = out.text.replace("sample: ", "sample: x")
    return make_case(root, "drift", edit)


class Replay:
    """nbval on ``folders`` (under ``root``, with conftest.py), started in the background."""

    def __init__(self, root, folders, env_overrides, workers=0):
        shutil.copy(ROOT / "conftest.py", root / "conftest.py")
        (root / "pytest.ini").write_text("[pytest]\n")  # root is the rootdir: no other settings
        env = {k: v for k, v in os.environ.items()
               if k not in ("CI", "COURSE_SEED_OFFSET") and not k.startswith("PYTEST_")}
        env.update(env_overrides)
        command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
                   "-n", str(workers), "--dist", "loadscope", "-p", "no:cacheprovider",
                   "-p", "no:faker", "-p", "no:anyio", "-rA", "--color=no",
                   *(f.name for f in folders)]
        self.cells = 4 * len(folders)
        self.process = subprocess.Popen(command, cwd=root, env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def result(self):
        """({(folder, cell): "PASSED" | "FAILED" | "ERROR"}, the run's output)."""
        output, _ = self.process.communicate(timeout=120)
        outcomes = {(folder.split("/")[0], int(cell)): outcome
                    for outcome, folder, cell in RESULT.findall(output)}
        assert len(outcomes) == self.cells, f"expected 4 cells per notebook:\n{output}"
        return outcomes, output


@pytest.fixture(scope="module")
def replays(tmp_path_factory):
    """The three replays, run at the same time (each mostly waits for its kernel)."""
    strict, tolerant, ci = (tmp_path_factory.mktemp(n) for n in ("strict", "tolerant", "ci"))
    started = {
        "strict": Replay(strict, [make_case(strict, "clean"), make_drift_case(strict)],
                         REFERENCE_ENV),
        "tolerant": Replay(tolerant, [make_drift_case(tolerant),
                                      make_case(tolerant, "untagged", perturb(UNTAGGED, 1.03)),
                                      make_case(tolerant, "too_far", perturb(TRAINED, 1.5))],
                           OTHER_PATH_ENV, workers=2),  # counts must add up across xdist workers
        "ci": Replay(ci, [make_drift_case(ci)], {**OTHER_PATH_ENV, "CI": "true"}),
    }
    yield started
    for replay in started.values():
        if replay.process.poll() is None:
            replay.process.kill()
            replay.process.wait()


def failed(outcomes):
    return sorted(key for key, outcome in outcomes.items() if outcome != "PASSED")


def summary_block(output, folder):
    """The lines of the replay summary about ``folder``'s reference file."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("outputs saved on:") and f"{folder}/reference_path.json" in line)
    return "\n".join(lines[start:start + 5])


def test_the_fixture_has_one_cell_of_each_kind():
    code = [c for c in nbformat.read(FIXTURE, as_version=4).cells if c.cell_type == "code"]
    tags = [c.metadata.get("tags", []) for c in code]
    assert tags == [[], ["depends-on-training"], ["generated-text"], []]
    assert float_path.numbers_in(code[TRAINED].outputs[0].text), "the trained cell prints numbers"
    assert code[STDERR].outputs[0].name == "stderr"


def test_shift_numbers_keeps_the_format():
    assert shift_numbers("accuracy 1.000, loss 0.274, 12 s", 1.5) == "accuracy 1.500, loss 0.411, 18 s"


def test_strict_on_the_reference_path(replays):
    """(a) passes strictly on the saved path; (b) a small drift then fails in strict mode."""
    outcomes, output = replays["strict"].result()
    assert failed(outcomes) == [("drift", TRAINED), ("drift", GENERATED)], output
    block = summary_block(output, "clean")
    assert "differs in:       nothing (same float path)" in block, output
    assert "mode:             strict (same float path)" in block, output
    assert "4 compared exactly, 0 within tolerance, 0 not compared" in block, output


def test_tolerant_off_the_reference_path(replays):
    """(b) the drift passes in tolerant mode; (c) drift in an untagged cell, or beyond the
    tolerance in a tagged one, still fails."""
    outcomes, output = replays["tolerant"].result()
    assert failed(outcomes) == [("too_far", TRAINED), ("untagged", UNTAGGED)], output
    assert "Numbers moved by more than the replay tolerance" in output
    block = summary_block(output, "drift")
    assert f"outputs saved on: {float_path.summary(float_path.describe(REFERENCE_ENV))}" in block
    assert f"this run:         {float_path.summary(float_path.describe(OTHER_PATH_ENV))}" in block
    assert "differs in:       cpu_isa " in block and "-> SSE41" in block, block
    assert "mode:             tolerant" in block, block
    assert "2 compared exactly, 1 within tolerance, 1 not compared" in block, block
    assert "2 notebooks at a time (pytest-xdist)" in output, output
    for folder in ("drift", "untagged", "too_far"):   # the wall time of each notebook
        assert re.search(rf"^ +\d+\.\d s  {folder}/replay_modes.ipynb$", output, re.MULTILINE), output


def test_ci_stays_strict_off_the_reference_path(replays):
    """(d) with CI=true the same drift on the SSE41 path fails."""
    outcomes, output = replays["ci"].result()
    assert failed(outcomes) == [("drift", TRAINED), ("drift", GENERATED)], output
    assert "mode:             strict (CI=true)" in summary_block(output, "drift"), output
