"""The student edition's builder and its check (tools/student_edition.py), on small notebooks.

`make student` executes the real edition; these tests check the rules it applies, fast.
"""
import importlib.util
import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("student_edition", ROOT / "tools" / "student_edition.py")
student_edition = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_edition)


def cell(source, *tags, error=None):
    c = new_code_cell(source, metadata={"tags": list(tags)})
    c.execution_count = 1
    if error:
        c.outputs = [new_output("error", ename=error, evalue="...", traceback=[])]
    return c


def exercise_notebook(check_error="ExerciseNotDone", later=None):
    cells = [new_markdown_cell("### Exercise 1: a thing"),
             cell("answer = ...", "exercise-starter"),
             cell("answer = 42", "solution"),
             cell("require_done('Exercise 1', answer=answer)", "exercise-check", error=check_error)]
    if later is not None:
        cells.append(later)
    return new_notebook(cells=cells)


def test_student_copy_drops_solutions_and_clears_outputs():
    copy = student_edition.student_copy(exercise_notebook())
    sources = [c.source for c in copy.cells]
    assert "answer = 42" not in sources and "answer = ..." in sources
    assert all(c.outputs == [] and c.execution_count is None for c in copy.cells if c.cell_type == "code")


def test_a_check_that_says_not_done_is_the_only_allowed_error():
    assert student_edition.problems(exercise_notebook()) == []


def test_a_later_cell_that_needs_a_solution_is_reported():
    found = student_edition.problems(exercise_notebook(later=cell("print(answer + 1)", error="TypeError")))
    assert len(found) == 1 and "cell 5 failed with TypeError" in found[0]


def test_a_check_failing_another_way_is_reported():
    found = student_edition.problems(exercise_notebook(check_error="NameError"))
    assert len(found) == 1 and "expected ExerciseNotDone" in found[0]


def test_a_check_that_passes_on_the_starter_is_reported():
    found = student_edition.problems(exercise_notebook(check_error=None))
    assert len(found) == 1 and "passed with the starter untouched" in found[0]


def test_build_writes_one_copy_per_notebook(tmp_path):
    source = tmp_path / "01_x.ipynb"
    nbformat.write(exercise_notebook(), source)
    written = student_edition.build([source], tmp_path / "student")
    assert [p.name for p in written] == ["01_x.ipynb"]
    assert len(nbformat.read(written[0], as_version=4).cells) == 3
