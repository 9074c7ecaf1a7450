# Every target creates .venv on first use (from requirements.txt + an editable
# install of sss) and reuses it afterwards.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Jupyter refuses to start as root unless told; harmless otherwise.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help venv lab run test notebooks bench figures student lint clean

help:
	@echo "make lab        open the notebook series in JupyterLab"
	@echo "make run        run the whole experiment headless (python -m sss)"
	@echo "make test       unit tests + every notebook through nbval"
	@echo "make notebooks  re-execute every notebook in place, then sync the .py pairs"
	@echo "make bench      benchmarks (time, quality, memory)"
	@echo "make figures    regenerate the README result images in docs/images/"
	@echo "make student    student copies (solutions removed) in student/"
	@echo "make clean      remove .venv, caches and generated files"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --quiet pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (sss)" >/dev/null
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/

run: $(STAMP)
	$(BIN)/python -m sss

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NOTEBOOKS)

figures: $(STAMP)
	$(BIN)/python -m sss --out docs/images

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

student: $(STAMP)
	$(BIN)/python tools/make_student.py

lint: $(STAMP)
	$(BIN)/ruff check sss tests benchmarks tools notebooks/*.py

clean:
	rm -rf $(VENV) figures student .pytest_cache .hypothesis build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
