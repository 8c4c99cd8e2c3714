"""Checks on the saved notebooks themselves (nbval checks their outputs).

The conventions tested here are the ones in README.md, "Writing a notebook".
"""
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
EXERCISE = re.compile(r"^#+\s*Exercise\b", re.IGNORECASE)
STARTER, SOLUTION, CHECK = "exercise-starter", "solution", "exercise-check"
NOTE_PARTS = ("**Ask:**", "**Time:**", "**Watch for:**")   # after **Say:**, in an instructor note


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def ids(paths):
    return [p.name for p in paths]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/NN_name.ipynb found"
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {numbers}"


def test_every_notebook_is_named_nn_topic():
    # A notebook named otherwise would be replayed but missed by every check in this file.
    names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    wrong = [n for n in names if not re.fullmatch(r"[0-9][0-9]_[a-z0-9_]+\.ipynb", n)]
    assert not wrong, f"notebooks should be named NN_topic.ipynb (two digits, lower case): {wrong}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_saved_executed_top_to_bottom(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert None not in counts, f"{counts.count(None)} code cell(s) were saved without running"
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts} are not 1..{len(counts)}: run `make execute`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_saved_without_errors(path):
    for i, cell in enumerate(load(path)["cells"]):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} was saved with {out.get('ename')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_first_code_cell_imports_course_utils_then_calls_setup(path):
    # course_utils must come before keras/tensorflow: importing it sets the environment
    # TensorFlow reads once at import (quiet logs, oneDNN off), so the results match CI's.
    first = "".join(code_cells(load(path))[0]["source"]).lstrip()
    assert first.startswith("import course_utils\n"), (
        "the first code cell should start with `import course_utils`, before keras or tensorflow")
    assert "course_utils.setup(" in first, "the first code cell should call course_utils.setup(seed=...)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_never_touches_sys_path(path):
    for cell in code_cells(load(path)):
        assert "sys.path" not in "".join(cell["source"]), "import course_utils; never edit sys.path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_cell_has_slide_metadata(path):
    for i, cell in enumerate(load(path)["cells"]):
        kind = cell["metadata"].get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"cell {i} has slide_type {kind!r}; expected one of {sorted(SLIDE_TYPES)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_slide_has_speaker_notes(path):
    # Each `slide` (a section) needs a `notes` cell before the next slide: the instructor's
    # Say / Ask / Time / Watch for.
    kinds = [c["metadata"].get("slideshow", {}).get("slide_type") for c in load(path)["cells"]]
    starts = [i for i, kind in enumerate(kinds) if kind == "slide"] + [len(kinds)]
    bare = [a for a, b in zip(starts, starts[1:]) if "notes" not in kinds[a:b]]
    assert not bare, f"slide cell(s) {bare} have no speaker-note cell before the next slide"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_instructor_notes_give_each_part_its_own_paragraph(path):
    # A single newline in Markdown joins lines into one paragraph: Say, Ask, Time and Watch for
    # would run together in JupyterLab and in the speaker view.
    for i, cell in enumerate(load(path)["cells"]):
        text = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or not text.startswith("**Say:**"):
            continue
        for part in NOTE_PARTS:
            assert f"\n\n{part}" in text, (
                f"cell {i}: {part} should start its own paragraph (a blank line before it), got "
                f"{text[max(0, text.find(part) - 30):text.find(part) + len(part)]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_exercises_have_starter_solution_and_check(path):
    """Every exercise: its markdown, a starter (kept for students), the solution cell(s)
    (removed for students), then a check cell (kept) that calls require_done first."""
    cells = load(path)["cells"]
    exercises = [i for i, c in enumerate(cells)
                 if c["cell_type"] == "markdown" and EXERCISE.match("".join(c["source"]).lstrip())]
    assert len(exercises) >= 2, f"found {len(exercises)} exercise(s); expected at least 2"
    tags = lambda c: c["metadata"].get("tags", [])
    for i in exercises:
        title = "".join(cells[i]["source"]).lstrip().splitlines()[0]
        following = cells[i + 1:i + 2]
        assert following and STARTER in tags(following[0]), (
            f"{title!r} (cell {i}): the next cell should be its starter, tagged {STARTER!r}")
        j = i + 2
        while j < len(cells) and SOLUTION in tags(cells[j]):
            j += 1
        assert j > i + 2, f"{title!r} (cell {i}): the starter should be followed by a cell tagged {SOLUTION!r}"
        assert j < len(cells) and CHECK in tags(cells[j]), (
            f"{title!r} (cell {i}): the solution should be followed by a check cell tagged {CHECK!r}")
        assert "require_done(" in "".join(cells[j]["source"]), (
            f"{title!r}: its check cell should start with course_utils.exercises.require_done(...)")


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in NOTEBOOKS if p.name not in readme]
    assert not missing, f"README.md does not list {missing}"
