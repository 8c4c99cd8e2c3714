"""tools/seed_sweep.py: the measures behind the notebooks' seed-sweep figures, and the sweep.

The registry is checked against the notebooks without running them: each measure backs a
sentence that is still in its notebook, and reads only names the notebook assigns. The sweep
itself runs on a two-cell notebook written here (NumPy only, one kernel per offset).
"""
import ast
import collections
import csv
import json
import pathlib
import re
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import seed_sweep  # noqa: E402


def flat(text):
    return re.sub(r"\s+", " ", text).strip()


def assigning_cells(notebook):
    """{name: indices of the code cells that bind it}: assignments, loops, defs, imports at any
    level. Exercise starters are left out: their solution cell assigns the same names again."""
    cells = collections.defaultdict(set)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "exercise-starter" in cell.metadata.get("tags", []):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                cells[node.id].add(index)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                cells[node.name].add(index)
            elif isinstance(node, ast.alias):
                cells[(node.asname or node.name).split(".")[0]].add(index)
    return cells


@pytest.mark.parametrize("stem", sorted(seed_sweep.MEASURES))
def test_every_measure_backs_a_sentence_and_reads_names_one_cell_assigns(stem):
    path = ROOT / "notebooks" / f"{stem}.ipynb"
    assert path.is_file(), f"MEASURES names {stem}, which is not a notebook"
    notebook = nbformat.read(path, as_version=4)
    text = flat(" ".join(cell.source for cell in notebook.cells))
    cells = assigning_cells(notebook)
    for measure in seed_sweep.MEASURES[stem]:
        assert flat(measure.backs) in text, f"{stem}: no sentence says {measure.backs!r} any more"
        for name in sorted(seed_sweep.free_names(measure.expression)):
            # measured after the last cell: a name a later cell reuses would be the wrong value
            assert len(cells[name]) == 1, (f"{stem}: {measure.name!r} reads {name!r}, which cells "
                                           f"{sorted(cells[name])} assign (it needs exactly one)")


def test_offsets_are_integers_and_inclusive_ranges():
    assert seed_sweep.parse_offsets("93-95,1000, 94") == [93, 94, 95, 1000]
    assert seed_sweep.parse_offsets("0") == [0]


@pytest.mark.parametrize("text, says", [("", "non-negative integers"), ("5-", "non-negative"),
                                        ("-3", "non-negative"), ("a,b", "non-negative"),
                                        ("9-4", "runs backwards: write 4-9")])
def test_bad_offsets_say_what_was_expected(text, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        seed_sweep.parse_offsets(text)


def test_measures_are_name_equals_python():
    assert seed_sweep.parse_measure("gap = a - b") == seed_sweep.Measure("gap", "a - b", "")
    for text, says in [("gap", "name=expression"), ("=a", "name=expression"),
                       ("gap=a -", "is not Python")]:
        with pytest.raises(ValueError, match=says):
            seed_sweep.parse_measure(text)


def test_free_names_leave_out_builtins_and_loop_names():
    expression = "sum(t == line for line, t in texts.items()) + len(np.ravel(x))"
    assert seed_sweep.free_names(expression) == {"texts", "np", "x"}


def test_notebooks_are_named_by_number_or_path(tmp_path):
    assert seed_sweep.resolve("05").name.startswith("05_")
    with pytest.raises(ValueError, match="should name one notebook"):
        seed_sweep.resolve("99")
    with pytest.raises(ValueError, match="no notebook at"):
        seed_sweep.resolve(str(tmp_path / "missing.ipynb"))


def test_sweep_records_failed_cells_and_measures_per_offset(tmp_path, capsys):
    # Odd offsets fail the assert; the measures run anyway, and a broken one says why. At
    # offset 4 the kernel dies: that row says the run stopped, and the others are kept.
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os\noffset = int(os.environ['COURSE_SEED_OFFSET'])\n"
                                  "scores = [offset / 2, 1.0]"),
        nbformat.v4.new_code_cell("assert offset % 2 == 0, f'odd offset {offset}'"),
        nbformat.v4.new_code_cell("if offset == 4:\n    os._exit(1)"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = tmp_path / "toy.ipynb"
    nbformat.write(notebook, path)
    out = tmp_path / "sweep.csv"
    seed_sweep.main([str(path), "--offsets", "2-4", "--jobs", "2", "--csv", str(out),
                     "--measure", "half=offset / 2", "--measure", "scores=scores",
                     "--measure", "broken=no_such_name"])
    rows = {int(r["offset"]): r for r in csv.DictReader(out.open())}
    assert sorted(rows) == [2, 3, 4]
    assert rows[2]["failed cells"] == ""
    assert rows[3]["failed cells"] == "cell 1: AssertionError (odd offset 3)"
    assert float(rows[3]["half"]) == 1.5 and json.loads(rows[3]["scores"]) == [1.5, 1.0]
    assert rows[2]["broken"].startswith("error: NameError")
    assert rows[4]["failed cells"] == "the run stopped: DeadKernelError: Kernel died"
    assert rows[4]["half"] == ""
    report = capsys.readouterr().err
    assert ("toy: 3 offsets, a cell failed at 3 (cell 1: AssertionError (odd offset 3)), "
            "4 (the run stopped: DeadKernelError: Kernel died)") in report
    assert "half: 1.000 to 1.500 (2 values)" in report
    assert "scores: 1.000 to 1.500 (4 values)" in report
    assert "broken: not measured (0 values); error: NameError" in report
