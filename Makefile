# Every target creates .venv and installs the project the first time it is needed.
PYTHON  ?= python3
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
# jupyter refuses to run as root without --allow-root; add it only when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT    ?= 8888
NB      ?= notebooks/*.ipynb

.PHONY: lab test execute html bench lint clean

# The install's chatter goes to a log, shown only when the install fails.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	@echo "installing into $(VENV) (about a minute the first time; log: $(VENV)/install.log)"
	@$(PY) -m pip install -c constraints.txt -e ".[test]" > $(VENV)/install.log 2>&1 \
	    || { tail -n 40 $(VENV)/install.log; exit 1; }
	touch $(STAMP)

lab: $(STAMP)  ## JupyterLab on the notebooks, 127.0.0.1 only, token on
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
	    --ServerApp.root_dir=notebooks --no-browser $(ROOT_FLAG)

test: $(STAMP)  ## unit tests, notebook hygiene, browser test, nbval strict over every notebook
	$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

execute: $(STAMP)  ## re-run notebooks in place (NB=notebooks/03_*.ipynb for one)
	$(PY) tools/execute_notebooks.py $(NB)

html: $(STAMP)  ## static, offline copy of the series in build/html
	$(PY) tools/export_html.py --out build/html

bench: $(STAMP)  ## print measured speed ratios
	$(PY) benchmarks/bench_backends.py
	$(PY) benchmarks/bench_explorer.py
	$(PY) benchmarks/bench_import.py

lint: $(STAMP)
	$(VENV)/bin/ruff check lessons_lib tests benchmarks tools

clean:
	rm -rf $(VENV) build artifacts .pytest_cache
