# The course's commands. Each one creates .venv and installs what it needs the first time;
# afterwards the install is skipped until requirements*.txt or pyproject.toml change.
#   make lab      open the course in JupyterLab
#   make test     unit tests + nbval replay of every notebook (what CI runs)
#   make unit     the tests in tests/ alone (course_utils, notebook format, builders), no replay
#   make execute  re-run every notebook in place from a fresh kernel (saves the outputs)
#   make robustness  replay every notebook under other seeds (asserts) and float paths (asserts
#                    and the tolerant comparison make test does on another machine)
#   make slides   reveal.js decks that present offline, instructor and student editions, in build/slides/
#   make slides-check  open every deck in headless Chromium, offline, and check that it fits
#   make sweep    re-measure the seed-sweep figures the notebooks quote, at other seed offsets
#   make student  notebooks without the `solution` cells in build/student/, executed and checked:
#                 only the exercise checks may fail, each saying the exercise is not done yet

# The course needs Python 3.11, 3.12 or 3.13 (numpy 2.4, pandas 3.1 and keras 3.15 need 3.11 or
# newer; TensorFlow 2.21 has no wheel for 3.14). The first of these that is installed and
# supported builds .venv; `make PYTHON=/path/to/python3.12 ...` picks one by hand.
PYTHON_CANDIDATES := python3 python3.11 python3.12 python3.13
PYTHON ?= $(firstword $(foreach candidate,$(PYTHON_CANDIDATES),$(shell $(candidate) -c \
	"import sys; print('$(candidate)' if (3, 11) <= sys.version_info[:2] <= (3, 13) else '')" 2>/dev/null)))
VENV := .venv
BIN := $(VENV)/bin
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
# Every kernel these commands start gets the float path the saved outputs were made on:
# oneDNN's graph rewrites off and its kernels pinned to AVX2, TensorFlow's C++ logs quiet.
# importing course_utils sets the same defaults; a value already in the environment wins.
export TF_CPP_MIN_LOG_LEVEL ?= 3
export TF_ENABLE_ONEDNN_OPTS ?= 0
export ONEDNN_MAX_CPU_ISA ?= AVX2
# make robustness: each run replays every notebook under one change. Two other seeds for every
# model and data draw check the asserts only (nbval --nbval-lax: every trained number moves).
# Three other float paths (oneDNN's graph rewrites on; the SSE4.1 instruction set; the CPU's own
# cache sizes, as where the Eigen pin cannot apply) replay as make test does on another machine:
# the asserts, and each compared cell exactly or within the tolerance its tags ask for (CI
# unset: CI forces strict).
ROBUSTNESS_SEEDS := COURSE_SEED_OFFSET=1000 COURSE_SEED_OFFSET=2000
ROBUSTNESS_PATHS := TF_ENABLE_ONEDNN_OPTS=1 ONEDNN_MAX_CPU_ISA=SSE41 COURSE_EIGEN_CACHES=native
# make sweep: re-measure the seed-sweep figures the notebooks quote (tools/seed_sweep.py) at the
# offsets given, e.g. make sweep SWEEP_NOTEBOOKS="05 08" SWEEP_OFFSETS=93-126 (default: every
# notebook at offsets 1-4). One row per notebook and offset goes to build/sweep.csv.
SWEEP_NOTEBOOKS ?=
SWEEP_OFFSETS ?= 1-4
# Extra JupyterLab options, e.g. `make lab LAB_ARGS="--no-browser --port 8890"` (or
# `--allow-root` inside a container where you are root).
LAB_ARGS ?=

.PHONY: lab test unit robustness sweep execute slides slides-check student clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No supported Python found: the course needs Python 3.11, \
	3.12 or 3.13 (tried $(PYTHON_CANDIDATES)). Install one, or run make PYTHON=/path/to/python3.12" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

# One stamp per requirements file: make lab installs the course, make test adds test extras.
$(VENV)/.lab-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt -e .
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.lab-installed
	$(BIN)/python -m pip install -r requirements-test.txt
	touch $@

lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest tests

robustness: $(VENV)/.test-installed
	@run() { echo "== make robustness: $$*"; start=$$(date +%s); \
		env -u CI $$1 $(BIN)/python -m pytest notebooks $$2 -q -p no:cacheprovider \
			|| { echo "== make robustness: FAILED under $$1" >&2; exit 1; }; \
		echo "== make robustness: $$1 passed in $$(( $$(date +%s) - start )) s"; }; \
	for setting in $(ROBUSTNESS_SEEDS); do run $$setting --nbval-lax; done; \
	for setting in $(ROBUSTNESS_PATHS); do run $$setting; done

sweep: $(VENV)/.lab-installed
	$(BIN)/python tools/seed_sweep.py $(SWEEP_NOTEBOOKS) --offsets $(SWEEP_OFFSETS) \
		--csv build/sweep.csv

execute: $(VENV)/.lab-installed
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 $(NOTEBOOKS)
	$(BIN)/python -m course_utils.float_path --write notebooks/reference_path.json

slides: $(VENV)/.lab-installed
	$(BIN)/python slides/build.py $(NOTEBOOKS)

slides-check: slides $(VENV)/.test-installed
	$(BIN)/python slides/check.py

student: $(VENV)/.lab-installed
	$(BIN)/python tools/student_edition.py $(NOTEBOOKS)

clean:
	rm -rf build $(VENV)
