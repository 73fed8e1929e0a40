# The kit's two commands: `make lab` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The project: a folder with project.yaml naming its corpus, data and reports folders (analysis/project.py).
PROJECT ?= .
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-16)

.PHONY: install build lab test export lock clean report browser

# Create the virtual environment and install every pinned package, each checked against its sha256
# (the spaCy model and the build backend setuptools too), then the kit itself, editable, so that
# `import analysis` and `analysis-kit` work from anywhere (notebook kernels start in notebooks/).
# --no-build-isolation: the kit is built with the pinned setuptools just installed, nothing fetched.
# Re-runs only when requirements.txt or pyproject.toml changes.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	@# Kits before pyproject.toml put themselves on the path with this file; the editable install replaces it.
	rm -f $(VENV)/lib/python*/site-packages/analysis-kit.pth
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Build the tables of $(PROJECT)'s corpus into its data folder (incremental: unchanged documents are reused).
build: install
	$(BIN)/python -m analysis build --project '$(PROJECT)'

# Open JupyterLab on notebooks/, bound to this machine only and protected by a token (printed below);
# the notebooks read $(PROJECT) (their PROJECT parameter follows ANALYSIS_PROJECT).
# Jupyter refuses to run as root unless told; containers often are root, so say it only then.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: build
	ANALYSIS_PROJECT="$$(realpath '$(PROJECT)')" $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(AS_ROOT)

test: install
	$(BIN)/python -m pytest

# Run every notebook headless on $(PROJECT)'s tables and export every chart (PNG, SVG, PDF) with an index.html
# into its reports folder.
report: build
	$(BIN)/python -m analysis.report --project '$(PROJECT)' --notebooks notebooks

# Debian's Chromium for the browser test (tests/test_browser.py); Playwright never downloads a browser.
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)

# The tables of $(PROJECT) as CSV, into csv/ in its data folder.
export: build
	$(BIN)/python -m analysis export --project '$(PROJECT)'

# Recompile requirements.txt (every package pinned, with hashes) from requirements.in.
lock:
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe -o requirements.txt requirements.in

# The kit's own project's tables and reports (never another project's).
clean:
	rm -rf data reports .pytest_cache
