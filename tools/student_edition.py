"""Build the student edition of the notebooks and check that it is one a student can work in.

``make student`` runs this. For every notebook it

1. writes ``build/student/NN_topic.ipynb`` without the cells tagged ``solution``, and with
   every output cleared, so the student runs it fresh;
2. executes that copy top to bottom in memory, letting cells fail (``--no-run`` skips this);
   the file on disk stays clean, as students get it;
3. checks what failed: only the exercise check cells (tag ``exercise-check``) may fail, each
   with ``ExerciseNotDone`` ("Exercise N is not done yet: fill in ..."), and every one of them
   must, because every starter is still untouched. Any other error means a later cell used a
   name that only a solution defines, and the edition is broken for students.

Exit status 0 when every notebook passes; the report lists every problem found.
"""
import argparse
import concurrent.futures
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOLUTION, STARTER, CHECK = "solution", "exercise-starter", "exercise-check"
NOT_DONE = "ExerciseNotDone"


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def student_copy(notebook):
    """The notebook without its solution cells, outputs and execution counts cleared."""
    nb = nbformat.from_dict(notebook) if isinstance(notebook, dict) else notebook
    kept = []
    for cell in nb.cells:
        if SOLUTION in tags(cell):
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        kept.append(cell)
    nb.cells = kept
    return nb


def problems(executed):
    """What is wrong with an executed student edition: a list of sentences, empty if nothing.

    ``executed`` is the notebook after running with errors allowed.
    """
    found = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code":
            continue
        errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
        is_check = CHECK in tags(cell)
        where = f"cell {index + 1}" + (" (exercise check)" if is_check else "")
        if is_check and not errors:
            found.append(f"{where} passed with the starter untouched: it cannot tell a missing answer")
        for error in errors:
            if not is_check:
                found.append(f"{where} failed with {error['ename']}: {error['evalue']} "
                             f"(only exercise checks may fail in the student edition)")
            elif error["ename"] != NOT_DONE:
                found.append(f"{where} failed with {error['ename']}: {error['evalue']} "
                             f"(expected {NOT_DONE}, saying the exercise is not done yet)")
    return found


def build(paths, out_dir):
    """Write the student copies; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        target = out_dir / path.name
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def run(path, timeout=900):
    """Execute one student copy in memory (errors allowed), leaving the file as students get
    it; return (path, problems, seconds)."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    checks = sum(CHECK in tags(c) for c in nb.cells)
    found = problems(nb)
    if checks == 0:
        found.append("no exercise check cells: every exercise needs one (tag exercise-check)")
    return path, found, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        default=sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "student")
    parser.add_argument("--no-run", action="store_true", help="only write the student copies")
    args = parser.parse_args(argv)
    copies = build(args.notebooks, args.out)
    print(f"student edition: {len(copies)} notebooks in {args.out}")
    if args.no_run:
        return 0
    failed = 0
    workers = max(1, min(len(copies), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for path, found, seconds in pool.map(run, copies):
            status = "ok" if not found else f"{len(found)} problem(s)"
            print(f"{seconds:6.1f} s  {path.name}: {status}")
            for problem in found:
                print(f"          - {problem}")
            failed += bool(found)
    if failed:
        print(f"student edition: {failed} notebook(s) broken for students", file=sys.stderr)
        return 1
    print("student edition: every notebook runs; only exercise checks fail, each saying it is not done yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
