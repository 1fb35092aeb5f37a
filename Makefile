# Every target creates .venv and installs the project the first time it is needed (`make install`).
# The install takes exact versions from requirements.lock, so stored notebook outputs reproduce.
SHELL   := bash
PYTHON  ?= python3
# The Python uv builds .venv with (uv finds it, or downloads it when the machine lacks it):
# the version the lock was made for and the tests ran on. The pip route uses $(PYTHON).
PYTHON_VERSION ?= 3.11
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
LOCK    := requirements.lock
LOWEST  ?= .venv-lowest
BOOTSTRAP ?= .venv-bootstrap
# auto: uv from PATH, else uv pip-installed into $(BOOTSTRAP), else plain pip. pip: pip only.
INSTALLER ?= auto
# Where torch comes from: PyTorch's CPU builds (the lessons need no GPU; the default index's
# Linux torch brings several GB of CUDA libraries). Another build: TORCH_INDEX=<its index URL>.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
# jupyter refuses to run as root without --allow-root; add it only when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT    ?= 8888
NB      ?= notebooks/*.ipynb

# --- this machine's package sources ------------------------------------------------------------
# pip reads its configuration (wheel folders, mirrors) by itself; uv does not, so the uv commands
# get the same places as flags. PIP_CONFIG holds words like find-links=/path, read once and only
# when an install target needs it (a warm `make test` never asks pip).
PIP_CONFIG_CMD = $(PYTHON) -m pip config list 2>/dev/null | tr -d "'\"" | awk -F= \
    '{ k = $$1; sub(/.*\./, "", k); if (k != "find-links" && k != "index-url" && \
       k != "extra-index-url") next; n = split(substr($$0, length($$1) + 2), v, " "); \
       for (i = 1; i <= n; i++) if (!seen[k "=" v[i]]++) print k "=" v[i] }'
PIP_CONFIG = $(eval PIP_CONFIG := $$(shell $$(PIP_CONFIG_CMD)))$(PIP_CONFIG)
pip_config = $(patsubst $(1)=%,%,$(filter $(1)=%,$(PIP_CONFIG)))
PIP_FIND_LINKS = $(call pip_config,find-links)
PIP_INDEX_URL = $(call pip_config,index-url)
PIP_EXTRA_INDEX_URLS = $(call pip_config,extra-index-url)
# pip treats all its indexes alike; uv by default takes a package from the first index that has
# it, which would miss versions that only PyPI holds.
UV_MACHINE_FLAGS = $(addprefix --find-links ,$(PIP_FIND_LINKS)) \
    $(addprefix --index-url ,$(PIP_INDEX_URL)) \
    $(addprefix --extra-index-url ,$(PIP_EXTRA_INDEX_URLS)) \
    $(if $(PIP_INDEX_URL)$(PIP_EXTRA_INDEX_URLS),--index-strategy unsafe-best-match)
# A CPU build of torch in one of pip's wheel folders wins over PyTorch's index (a machine
# without internet has no other way to it), unless TORCH_INDEX was given explicitly.
LOCAL_TORCH = $(if $(filter command line environment,$(origin TORCH_INDEX)),,$(firstword \
    $(wildcard $(addsuffix /torch-*+cpu-*.whl,$(patsubst file://%,%,$(PIP_FIND_LINKS))))))
LOCAL_TORCH_VERSION = $(word 2,$(subst -, ,$(notdir $(LOCAL_TORCH))))
UV_TORCH_FLAGS = $(if $(LOCAL_TORCH),--no-sources-package torch \
    --constraint <(echo torch==$(LOCAL_TORCH_VERSION)),--index pytorch=$(TORCH_INDEX))
PIP_TORCH_FLAGS = $(if $(LOCAL_TORCH),--constraint <(echo torch==$(LOCAL_TORCH_VERSION)),\
    --extra-index-url $(TORCH_INDEX))
TORCH_ROUTE = $(if $(LOCAL_TORCH),the CPU wheel $(LOCAL_TORCH) (pip's find-links),$(TORCH_INDEX))

# Sets $uv to the uv to use: from PATH, else pip-installed into $(BOOTSTRAP) (about 5 s, once);
# empty when uv cannot be had or INSTALLER=pip.
define find_uv
uv=; \
if [ "$(INSTALLER)" != pip ]; then \
    uv=$$(command -v uv || true); \
    if [ -z "$$uv" ] && [ ! -x $(BOOTSTRAP)/bin/uv ]; then \
        echo "uv is not on PATH: installing it with pip into $(BOOTSTRAP)"; \
        { $(PYTHON) -m venv $(BOOTSTRAP) && $(BOOTSTRAP)/bin/python -m pip install -q uv; } \
            >/dev/null 2>&1 || { echo "could not install uv"; rm -rf $(BOOTSTRAP); }; \
    fi; \
    [ -n "$$uv" ] || { [ -x $(BOOTSTRAP)/bin/uv ] && uv=$(BOOTSTRAP)/bin/uv; } || true; \
fi
endef

.PHONY: install lock lab test test-lowest execute html student grade bench bench-series lint clean

install: $(STAMP)  ## create .venv and install the locked versions (make does it when needed)

# The install's chatter goes to a log, shown only when the install fails.
$(STAMP): pyproject.toml $(LOCK)
	@$(find_uv); \
	mkdir -p $(VENV); log=$(VENV)/install.log; : > $$log; \
	if [ -n "$$uv" ]; then \
	    echo "installing with uv ($$uv) from $(LOCK) into $(VENV); log: $$log"; \
	    [ -x $(PY) ] || $$uv venv --seed --allow-existing --python $(PYTHON_VERSION) $(VENV) >> $$log 2>&1 \
	        || { tail -n 40 $$log; exit 1; }; \
	    $$uv pip install -p $(PY) -c $(LOCK) -e ".[test]" $(UV_MACHINE_FLAGS) $(UV_TORCH_FLAGS) \
	        >> $$log 2>&1 || { tail -n 40 $$log; exit 1; }; \
	else \
	    echo "installing with pip (uv unavailable or INSTALLER=pip; a few minutes) from $(LOCK)" \
	         "into $(VENV); log: $$log"; \
	    [ -x $(PY) ] || $(PYTHON) -m venv $(VENV) >> $$log 2>&1 || { tail -n 40 $$log; exit 1; }; \
	    $(PY) -m pip install -c $(LOCK) -e ".[test]" $(PIP_TORCH_FLAGS) >> $$log 2>&1 \
	        || { tail -n 40 $$log; exit 1; }; \
	fi; \
	echo "torch from $(TORCH_ROUTE)"; \
	cuda=$$(ls $(VENV)/lib/python*/site-packages | grep -i '^nvidia' || true); \
	[ -z "$$cuda" ] || echo "warning: $(VENV) holds CUDA packages ($$(echo $$cuda | head -c 80)…)"
	touch $(STAMP)

# The lock names torch without its build label (2.13.0, not 2.13.0+cpu), so every machine takes
# the build its torch index has for it (+cpu on Linux and Windows, an unlabelled one on macOS).
# Without UPGRADE the pins already in the lock stay; only what pyproject.toml changed moves.
lock:  ## refresh requirements.lock from pyproject.toml (UPGRADE=1: the newest versions it allows)
	@$(find_uv); [ -n "$$uv" ] || { echo "make lock needs uv (INSTALLER=auto)"; exit 1; }; \
	$$uv pip compile pyproject.toml --extra test --python-version $(PYTHON_VERSION) \
	    $(if $(UPGRADE),--upgrade) \
	    --custom-compile-command "make lock" --quiet -o $(LOCK) $(UV_MACHINE_FLAGS) $(UV_TORCH_FLAGS) \
	&& sed -i.bak -E 's/^(torch==[^+ ]+)\+[A-Za-z0-9.]+/\1/' $(LOCK) && rm -f $(LOCK).bak

lab: $(STAMP)  ## JupyterLab on the notebooks, 127.0.0.1 only, token on
	$(VENV)/bin/jupyter lab $(addprefix --config=,$(wildcard tools/jupyter_lab_config.py)) \
	    --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
	    --ServerApp.root_dir=notebooks --no-browser $(ROOT_FLAG)

test: $(STAMP)  ## unit tests, notebook hygiene, browser test, nbval strict over every notebook
	$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# The declared lower bounds, tested: every direct dependency at the lowest version pyproject
# allows (their own dependencies at the newest), in a venv of its own. Notebooks are run, not
# compared: stored outputs belong to the locked versions. Left out: the locked-versions check
# and lint (its findings depend on ruff's version; the locked ruff is the reference).
test-lowest:  ## unit tests and every notebook on the lowest declared versions, in $(LOWEST)
	@$(find_uv); [ -n "$$uv" ] || { echo "make test-lowest needs uv (INSTALLER=auto)"; exit 1; }; \
	echo "installing the lowest declared versions with uv into $(LOWEST)"; \
	[ -x $(LOWEST)/bin/python ] || $$uv venv -q --seed --python $(PYTHON_VERSION) $(LOWEST); \
	$$uv pip install -q -p $(LOWEST)/bin/python --resolution lowest-direct -e ".[test]" \
	    $(UV_MACHINE_FLAGS) $(UV_TORCH_FLAGS)
	$(LOWEST)/bin/python -m pytest -p no:cacheprovider --nbval-lax --nbval-current-env \
	    --deselect tests/test_install.py::test_venv_holds_the_locked_versions \
	    --deselect tests/test_lint.py::test_ruff_finds_nothing \
	    tests notebooks

execute: $(STAMP)  ## re-run notebooks in place (NB=notebooks/03_*.ipynb for one)
	$(PY) tools/execute_notebooks.py $(NB)

html: $(STAMP)  ## offline handouts that print: build/html/teacher (solutions) and build/html/student
	$(PY) tools/export_html.py --edition teacher --out build/html/teacher
	$(PY) tools/export_html.py --edition student --out build/html/student

student: $(STAMP)  ## student release without solutions in build/student (an nbgrader course in build/nbgrader)
	$(PY) tools/make_editions.py --course build/nbgrader --out build/student

# SUBMISSIONS=<folder> holds <student>/<notebook>.ipynb; TIMEOUT: seconds per cell.
TIMEOUT ?= 60
grade: $(STAMP)  ## autograde SUBMISSIONS=<folder> with nbgrader; one row per exercise in build/grades.csv
	@[ -n "$(SUBMISSIONS)" ] || { echo "usage: make grade SUBMISSIONS=<folder of <student>/<notebook>.ipynb>"; exit 2; }
	@[ -d build/nbgrader/source ] || $(PY) tools/make_editions.py --course build/nbgrader --out build/student
	$(PY) tools/grade.py "$(SUBMISSIONS)" --course build/nbgrader --out build/grades.csv --timeout $(TIMEOUT)

bench: $(STAMP)  ## print measured speed ratios; the scaling figure goes to build/bench/scaling.png
	$(PY) benchmarks/bench_backends.py
	$(PY) benchmarks/bench_scaling.py
	$(PY) benchmarks/bench_explorer.py
	$(PY) benchmarks/bench_import.py

bench-series: $(STAMP)  ## the series under nbval against its floor (kernels + import cells), in one run
	$(PY) benchmarks/bench_series.py

lint: $(STAMP)
	$(VENV)/bin/ruff check lessons_lib tests benchmarks tools notebooks

clean:
	rm -rf $(VENV) $(LOWEST) $(BOOTSTRAP) build artifacts .pytest_cache
