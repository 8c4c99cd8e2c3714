# The course's commands. Each one creates .venv and installs what it needs the first time;
# afterwards the install is skipped until requirements*.txt or pyproject.toml change.
#   make lab      open the course in JupyterLab
#   make test     unit tests + nbval replay of every notebook (what CI runs)
#   make execute  re-run every notebook in place from a fresh kernel (saves the outputs)
#   make slides   reveal.js decks in build/slides/
#   make student  notebooks without the `solution` cells in build/student/

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
# Every kernel these commands start gets the settings the saved outputs were made with:
# TensorFlow's C++ logs quiet, and oneDNN's reordered float maths off (conftest.py agrees).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
# Extra JupyterLab options, e.g. `make lab LAB_ARGS="--no-browser --port 8890"` (or
# `--allow-root` inside a container where you are root).
LAB_ARGS ?=

.PHONY: lab test execute slides student clean

$(BIN)/python:
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

execute: $(VENV)/.lab-installed
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 $(NOTEBOOKS)

slides: $(VENV)/.lab-installed
	$(BIN)/jupyter nbconvert --to slides --output-dir build/slides $(NOTEBOOKS)

student: $(VENV)/.lab-installed
	$(BIN)/jupyter nbconvert --to notebook --output-dir build/student \
		--TagRemovePreprocessor.enabled=True \
		--TagRemovePreprocessor.remove_cell_tags=solution $(NOTEBOOKS)

clean:
	rm -rf build $(VENV)
