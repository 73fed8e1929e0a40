# The kit's two commands: `make lab` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEEDS  ?= seeds
DATA   ?= data
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-16)

.PHONY: install build lab test export lock clean report browser

# Create the virtual environment and install every pinned package, each checked against its sha256
# (the spaCy model too). Re-runs only when requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	@# Notebook kernels start in notebooks/: a .pth file makes `import analysis` work from anywhere.
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "analysis-kit.pth").write_text("$(CURDIR)\n")'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Build the tables from $(SEEDS) into $(DATA) (incremental: unchanged documents are reused).
build: install
	$(BIN)/python -m analysis build $(SEEDS) --out $(DATA)

# Open JupyterLab on notebooks/, bound to this machine only and protected by a token (printed below).
# Jupyter refuses to run as root unless told; containers often are root, so say it only then.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: build
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(AS_ROOT)

test: install
	$(BIN)/python -m pytest

# Run every notebook headless on $(DATA) and export every chart (PNG, SVG, PDF) with an index.html into reports/.
report: build
	$(BIN)/python -m analysis.report --data $(DATA) --corpus $(SEEDS) --notebooks notebooks --out reports

# Debian's Chromium for the browser test (tests/test_browser.py); Playwright never downloads a browser.
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)

export: build
	$(BIN)/python -m analysis export $(DATA) --out $(DATA)/csv

# Recompile requirements.txt (every package pinned, with hashes) from requirements.in.
lock:
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe -o requirements.txt requirements.in

clean:
	rm -rf $(DATA) reports .pytest_cache
