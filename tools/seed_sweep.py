"""Re-measure the seed-sweep figures the notebooks quote, at any seed offsets.

Some sentences in the notebooks report what happened over many seed offsets, for example
"over 61 seed offsets, attention scored 0.9 or more on 57" (08). ``make sweep`` runs this to
measure them again. For every notebook and every offset N it

1. executes the notebook top to bottom with ``COURSE_SEED_OFFSET=N`` in a fresh kernel, the way
   ``make robustness`` shifts every seed, letting cells fail (an assert that fails at N is one of
   the things a sweep is for);
2. then evaluates, in that kernel, the measures listed for the notebook in ``MEASURES`` below:
   each is an expression over the notebook's own variables, next to the sentence it backs;
3. writes one CSV row per (notebook, offset): the seconds it took, the cells that failed, and
   every measure's value (a number, or a list of numbers for one value per seed).

It ends with a summary per notebook: the offsets where a cell failed, and each measure's lowest
and highest value. Figures that come from a changed setting (more epochs, another schedule) are
not here: the sentence says what was changed, and you rerun it by editing that cell.

    make sweep SWEEP_NOTEBOOKS="05 08" SWEEP_OFFSETS=93-126
    .venv/bin/python tools/seed_sweep.py 05 08 --offsets 93-126 --csv build/sweep.csv

``--measure 'name=expression'`` adds a measure of your own to every notebook swept.
"""
import argparse
import ast
import builtins
import collections
import concurrent.futures
import csv
import json
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MARKER = "SEED-SWEEP-MEASURES "

Measure = collections.namedtuple("Measure", "name expression backs")

# name, expression over the notebook's variables after a full run, and a fragment of the
# sentence it backs. The expressions run after the last cell, so they read names that no later
# cell reuses. tests/test_seed_sweep.py checks that the fragment is in the notebook (line breaks
# read as spaces) and that one cell assigns each name read (an exercise starter aside).
MEASURES = {
    "02_vanilla_rnn_hello": [
        Measure("Zen lines right from their first word (of 7)",
                "sum(text == line for line, text in from_first_word.items())",
                "on 112 of the 113 seed offsets we tried, at least one line went wrong"),
    ],
    "03_backprop_through_time": [
        Measure("clipped runs exploded (of 3)",
                "sum(exploded(clip_runs['global_clipnorm=1', s]['losses']) for s in clip_seeds)",
                "of 102 clipped runs on 34 seed offsets, none exploded"),
        Measure("clipped runs never below predict-1.0 (of 3)",
                "sum(clip_runs['global_clipnorm=1', s]['losses'].min() >= train_baseline"
                " for s in clip_seeds)",
                "one never got below the baseline"),
        Measure("clipped runs whose last epoch is above predict-1.0 (of 3)",
                "sum(clip_runs['global_clipnorm=1', s]['losses'][-1] > train_baseline"
                " for s in clip_seeds)",
                "4 ended their last epoch above it again"),
        Measure("clipped runs with a test MSE above predict-1.0 (of 3)",
                "sum(clip_runs['global_clipnorm=1', s]['test MSE'] > baseline for s in clip_seeds)",
                "11 ended with a test MSE above it"),
        Measure("forget bias +3: per-step rate, all paths minus c only",
                "lstm_paths.loc['+3', 'rate, all'] - lstm_paths.loc['+3', 'rate, c only']",
                "the per-step gap for bias +3 ranged from 0.045 to 0.093"),
        Measure("forget bias +3: norm after 60 steps, all paths over c only",
                "lstm_paths.loc['+3', 'norm at 60, all']"
                " / lstm_paths.loc['+3', 'norm at 60, c only']",
                "the factor after 60 steps from 17 to 230"),
    ],
    "04_lstm_and_gru": [
        Measure("identity-start SimpleRNN, held-out accuracy per seed",
                "[r['held-out'][-1] for r in runs"
                " if (r['model'], r['start']) == ('SimpleRNN', 'remember')]",
                "242 runs ended between 0.20 and 0.30"),
        Measure("character model: SimpleRNN's worst seed minus GRU's best (bits)",
                "lm_summary.loc['SimpleRNN', 'max'] - lm_summary.loc['GRU', 'min']",
                "on two of the 15 seed offsets we tried, it ended about 0.01 bits behind"),
        Measure("Reber, 20 epochs: share right at the long-range step",
                "long_range_right",
                "anywhere from 0.19 to 1.00 on the eight other seed offsets we tried"),
    ],
    "05_stacked_lstm": [
        Measure("2 layers minus 1, held-out after epoch 3 (mean of seeds)",
                "np.mean(early[2]) - np.mean(early[1])",
                "on 42 of the 43 offsets we ran"),
        Measure("3 layers minus 1, held-out after epoch 3 (mean of seeds)",
                "np.mean(early[3]) - np.mean(early[1])",
                "on every seed offset we tried; two layers"),
        Measure("deepest end minus 1 layer, held-out after the last epoch (mean of seeds)",
                "max(np.mean(final[2]), np.mean(final[3])) - np.mean(final[1])",
                "ended 0.021 behind on average"),
        Measure("gap with both dropouts minus gap with input dropout (mean of seeds)",
                "np.mean(gaps['both']) - np.mean(gaps['dropout'])",
                "narrowed the mean gap further on 53 of the 56 seed offsets we tried"),
    ],
    "06_bidirectional_lstm_padding": [
        Measure("pre-padded, P = 32: mean over seeds",
                "mean.loc['forward, pre-padded', worst]",
                "it was 0.82 at lowest (0.85 on all but two)"),
        Measure("pre-padded, P = 32: lowest seed",
                "runs.xs(('forward, pre-padded', worst), level=['input', 'P']).min()",
                "one pre-padded seed at $P = 32$ ended as low as 0.59"),
        Measure("post-padded, P = 32: best seed",
                "runs.xs(('forward, post-padded', worst), level=['input', 'P']).max()",
                "post-padding's best seed 0.564 at most"),
    ],
    "08_bahdanau_attention": [
        Measure("attention, 6 epochs: held-out exact match",
                "accuracy['attention']",
                "attention scored 0.9 or more on 57"),
        Measure("plain, 6 epochs: held-out exact match",
                "accuracy_same_budget",
                "the plain model never passed 0.3"),
        Measure("plain model's epochs to reach attention's training loss, over 6",
                "plain_epochs / EPOCHS",
                "between 2.3 and 6.2 times on the 23 seed offsets"),
        Measure("attention minus plain at equal training loss",
                "accuracy['attention'] - accuracy['plain']",
                "Attention stayed ahead on every seed offset we tried but one"),
    ],
    "09_stock_prediction": [
        Measure("level models: mean error on days above the training range ($)",
                "[above for above, _ in bias.values()]",
                "on one of 23 seed offsets a model ended just above zero"),
    ],
}


def resolve(notebook):
    """'05', '05_stacked_lstm' or a path -> the notebook's path; raises if there is none."""
    path = pathlib.Path(notebook)
    if path.suffix == ".ipynb":
        if not path.is_file():
            raise ValueError(f"no notebook at {path}")
        return path
    found = sorted(NOTEBOOKS.glob(f"{notebook}*.ipynb"))
    if len(found) != 1:
        known = ", ".join(p.stem for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
        raise ValueError(f"{notebook!r} should name one notebook (a number such as 05, or a "
                         f"path), found {len(found)}; the notebooks are {known}")
    return found[0]


def parse_offsets(text):
    """'93-96,1000' -> [93, 94, 95, 96, 1000]: non-negative integers and inclusive ranges."""
    offsets = []
    for part in str(text).split(","):
        low, dash, high = part.strip().partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ValueError(f"offsets should look like 93-126,1000 (non-negative integers and "
                             f"ranges), got {part.strip()!r} in {text!r}")
        low, high = int(low), int(high or low)
        if high < low:
            raise ValueError(f"the range {part.strip()!r} runs backwards: write {high}-{low}")
        offsets.extend(range(low, high + 1))
    return sorted(set(offsets))


def parse_measure(text):
    """'name=expression' -> Measure; the expression must be valid Python."""
    name, sep, expression = text.partition("=")
    if not sep or not name.strip() or not expression.strip():
        raise ValueError(f"a measure should be name=expression, got {text!r}")
    try:
        ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        raise ValueError(f"the expression of measure {name.strip()!r} is not Python: {error.msg}")
    return Measure(name.strip(), expression.strip(), "")


def free_names(expression):
    """The names an expression reads from the notebook: not builtins, not its own loop names."""
    tree = ast.parse(expression, mode="eval")
    bound = {n.id for node in ast.walk(tree) if isinstance(node, ast.comprehension)
             for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    read = {n.id for n in ast.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return read - bound - set(dir(builtins))


def measure_cell(measures):
    """Source of the code cell appended to the notebook: prints every measure as JSON."""
    table = {m.name: m.expression for m in measures}
    return f"""
import json as _json, numpy as _np
def _value(expression):
    try:
        array = _np.asarray(eval(expression), dtype=float)
    except Exception as error:
        return f"error: {{type(error).__name__}}: {{error}}"
    return float(array) if array.ndim == 0 else [float(v) for v in array.ravel()]
print({MARKER!r} + _json.dumps({{k: _value(e) for k, e in {table!r}.items()}}))
"""


def failures(executed):
    """'cell N: AssertionError (message)' for every cell that raised (N counts all cells from 0;
    the appended measure cell is left out: it catches its own errors)."""
    found = []
    for index, cell in enumerate(executed.cells[:-1]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                message = (out.get("evalue") or "").strip().splitlines()
                found.append(f"cell {index}: {out['ename']}"
                             + (f" ({message[0][:80]})" if message else ""))
    return found


def run_one(path, offset, measures, timeout=900):
    """Execute ``path`` at ``offset`` and measure it -> a dict (one CSV row)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(measure_cell(measures)))
    # The float path needs nothing here: each notebook's first line, `import course_utils`,
    # sets the saved outputs' path unless the environment already chose one.
    env = {**os.environ, "COURSE_SEED_OFFSET": str(offset)}
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    except Exception as error:      # a cell timed out or the kernel died: keep the other rows
        return {"notebook": path.stem, "offset": offset,
                "seconds": round(time.perf_counter() - start, 1),
                "failed cells": f"the run stopped: {type(error).__name__}: {error}"[:200]}
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    values = json.loads(printed.split(MARKER, 1)[1]) if MARKER in printed else {}
    seconds = round(time.perf_counter() - start, 1)
    return {"notebook": path.stem, "offset": offset, "seconds": seconds,
            "failed cells": "; ".join(failures(nb)), **values}


def summary(rows, measures):
    """Lines that say, per notebook, where cells failed and each measure's range."""
    lines = []
    for notebook in sorted({r["notebook"] for r in rows}):
        mine = [r for r in rows if r["notebook"] == notebook]
        failed = [f"{r['offset']} ({r['failed cells']})" for r in mine if r["failed cells"]]
        lines.append(f"{notebook}: {len(mine)} offsets, "
                     + (f"a cell failed at {', '.join(failed)}" if failed else "no cell failed"))
        for m in measures.get(notebook, []):
            values = [r.get(m.name) for r in mine]
            flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
            numbers = [v for v in flat if isinstance(v, (int, float))]
            span = f"{min(numbers):.3f} to {max(numbers):.3f}" if numbers else "not measured"
            errors = sorted({value for value in values if isinstance(value, str)})
            lines.append(f"  {m.name}: {span} ({len(numbers)} values)"
                         + "".join(f"; {e}" for e in errors))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*",
                        help="numbers (05) or paths; default: every notebook")
    parser.add_argument("--offsets", required=True, help="seed offsets, e.g. 93-126,1000")
    parser.add_argument("--measure", action="append", default=[],
                        help="name=expression, repeatable")
    parser.add_argument("--csv", type=pathlib.Path, help="write the rows here (default: stdout)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="notebooks executed at once (default: one per CPU core)")
    args = parser.parse_args(argv)
    try:
        paths = [resolve(n) for n in args.notebooks] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
        offsets, extra = parse_offsets(args.offsets), [parse_measure(m) for m in args.measure]
        if args.jobs < 1:
            raise ValueError(f"--jobs should be at least 1, got {args.jobs}")
    except ValueError as error:
        parser.error(str(error))
    measures = {p.stem: MEASURES.get(p.stem, []) + extra for p in paths}
    jobs = [(p, n) for p in paths for n in offsets]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda job: run_one(*job, measures[job[0].stem]), jobs))
    for row in rows:
        print(f"{row['seconds']:6.1f} s  {row['notebook']} at offset {row['offset']}: "
              + (f"failed {row['failed cells']}" if row["failed cells"] else "every cell ran"),
              file=sys.stderr)
    columns = ["notebook", "offset", "seconds", "failed cells"]
    columns += list(dict.fromkeys(m.name for p in paths for m in measures[p.stem]))
    if args.csv:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
    out = open(args.csv, "w", newline="") if args.csv else sys.stdout
    writer = csv.DictWriter(out, columns, restval="")
    writer.writeheader()
    writer.writerows({k: json.dumps(v) if isinstance(v, list) else v for k, v in r.items()}
                     for r in rows)
    if args.csv:
        out.close()
    print("\n".join(summary(rows, measures)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
