# SynVerify: `make report` (the main job) and `make test` (the tests, then the CI gate
# `synverify check` against data/baseline.json). Both install GSL and
# pkg-config first when they are missing (scripts/ensure-gsl.sh), then build and run.
SWIFT ?= swift
REPORTS ?= Reports

.PHONY: report test deps engines build reference clean bench bench-instructions lint format fuzz-smoke wheel wheel-test

deps:
	@bash scripts/ensure-gsl.sh

build: deps
	$(SWIFT) build

# The simulators the engines run (engines/requirements.txt), into .venv-engines. A failed install
# is reported by every engine row and test; it fails only with CI=true (scripts/ensure-engines.sh).
engines:
	@bash scripts/ensure-engines.sh

report: build engines
	$(SWIFT) run synverify report --output $(REPORTS) --jobs 2

test: deps engines lint
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) run synverify check --baseline data/baseline.json --jobs 2
	$(MAKE) wheel-test

# The Python package (pyproject.toml, python/synverify): dist/synverify-<version>-py3-none-manylinux_*.whl,
# the release program with the Swift runtime linked statically and GSL bundled (scripts/build-wheel.sh).
wheel: deps
	SWIFT=$(SWIFT) bash scripts/build-wheel.sh

# The wheel's tests (python/tests) in a fresh venv with the pinned simulators, no Swift and no C compiler.
wheel-test: wheel engines
	bash scripts/test-wheel.sh

# The code's layout: swift format (ships with the toolchain) with .swift-format (120 columns).
lint:
	$(SWIFT) format lint --strict -r Sources Tests Fuzz/Sources

format:
	$(SWIFT) format -i -r Sources Tests Fuzz/Sources

# Regenerates the independent high-precision reference (needs Python with mpmath; ~10 minutes).
reference:
	python3 scripts/generate_kernel_reference.py > data/reference/kernels.json

clean:
	rm -rf .build

# Performance figures (printed, not asserted): Swift engine vs plain C on the same GSL routines.
bench: deps
	$(SWIFT) build -c release --product synverify-bench
	.build/release/synverify-bench

# Instructions executed by each side on the benchmark's GSL problems (valgrind's callgrind): noise-free.
bench-instructions: deps
	SWIFT=$(SWIFT) bash scripts/instruction-ratios.sh

# A short fuzz run of the trace readers and the spec reader (libFuzzer; CI runs it after the
# tests): FUZZ_SECONDS=600 for a long one.
fuzz-smoke: deps
	bash scripts/fuzz-smoke.sh
