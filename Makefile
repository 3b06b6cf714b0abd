# 两个命令：make run（生成 inputs/ 下全部样例）和 make test（运行全部测试）。
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench fuzz golden test-latest offline clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/xlgen build inputs --out outputs

test: $(STAMP)
	$(BIN)/ruff check xlgen tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check xlgen tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy

# A long fuzz run (issue 15): the build's (test_fuzz.py) and import, init --from and summary's
# (test_fuzz_datain.py); failing cases print as lines for tests/fuzz/corpus.toml.
fuzz: $(STAMP)
	XLGEN_FUZZ_CASES=$${XLGEN_FUZZ_CASES:-1000} $(BIN)/python -m pytest -q -s \
		tests/test_fuzz.py tests/test_fuzz_datain.py

# After an intended template change: rewrite the golden files (tests/golden/), then review
# `git diff tests/golden` and commit them with the template.
golden: $(STAMP)
	XLGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -k golden \
		tests/test_xlsx_documents.py tests/test_selfeval.py tests/test_delivery.py
	git diff --stat -- tests/golden

# The suite against the latest releases of the runtime libraries (upper bounds lifted, see
# tools/latest.py) in its own venv; .ci/run reports its result without failing the run.
# test_install.py is left out: it packages the pinned set.
LATEST := .venv-latest
test-latest:
	rm -rf $(LATEST)
	$(PY) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet -e '.[dev]'
	$(PY) tools/latest.py requirements > $(LATEST)/latest.txt
	$(LATEST)/bin/python -m pip install --quiet --upgrade -r $(LATEST)/latest.txt
	$(LATEST)/bin/python tools/latest.py report
	$(LATEST)/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/test_install.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The offline bundles (issue 9): dist/xlgen-<version>-offline-{win_amd64,linux_x86_64}.zip.
offline: $(STAMP)
	$(BIN)/python tools/offline.py

clean:
	rm -rf $(VENV) $(LATEST) outputs/* dist
