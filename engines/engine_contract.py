"""The engine contract's command line, shared by the engines that use it (scipy, NEST, BrainPy).

One run:   ENGINE PROBLEM.json TRACE.csv --method M --dt DT_MS [--rtol R --atol A]
A batch:   ENGINE PROBLEM.json --jobs JOBS.json

A batch pays the simulator's import once for every rung of a row (BrainPy's takes about 3 s).
JOBS.json is `{"jobs": [{"trace": PATH, "method": M, "dt": DT_MS, "rtol": R or null,
"atol": A or null}, ...]}`; each job writes its trace (and PATH.spikes) as a single run would, or
PATH.refused (the simulator refuses the method for the model; exit status 3 of a single run) or
PATH.error (the job failed; exit status 1) holding the one-line reason. One job's failure never
stops the others.
"""
import argparse
import json
import os
import platform
import sys

from problem_equations import ProblemError


def pin_instruction_sets(environment=os.environ):
    """Makes numpy, OpenBLAS (numpy's and scipy's linear algebra) and JAX/XLA use the same x86-64
    instruction sets (up to SSE4.2: OpenBLAS's Nehalem kernels) on every machine, as the
    simulators' versions are pinned: each chooses code by the CPU it runs on, and the traces
    change with it. Measured here (AVX-512 host): numpy's float64 exp over 1e6 points differs in
    its last bits with AVX2/AVX-512 off; BrainPy's rk4 on alpha.yaml at 0.1 ms differs in 896 of
    5001 rows in float64 and 931 in float32 with XLA capped at SSE4.2, its max error 2.054959258e-9
    against 2.054959314e-9 (float64) and 1.9e-7 against 2.2e-7 (float32); scipy's Radau and BDF
    on gabab.yaml at eps 1e-10 write three different traces with OpenBLAS's default, Haswell and
    Nehalem kernels (AMPA's Radau error 1.35e-10 or 1.53e-10 with numpy's features capped). Set
    before numpy or JAX is imported (the engines import them inside their run functions);
    SYNVERIFY_NATIVE_ISA=1 leaves the host's choice."""
    if environment.get("SYNVERIFY_NATIVE_ISA") == "1" or platform.machine() not in ("x86_64", "AMD64"):
        return
    environment.pop("NPY_DISABLE_CPU_FEATURES", None)  # numpy refuses both at once
    environment["NPY_ENABLE_CPU_FEATURES"] = "SSSE3 SSE41 POPCNT SSE42"
    environment["OPENBLAS_CORETYPE"] = "Nehalem"
    flags = [f for f in environment.get("XLA_FLAGS", "").split() if not f.startswith("--xla_cpu_max_isa")]
    environment["XLA_FLAGS"] = " ".join(flags + ["--xla_cpu_max_isa=SSE4_2"])


pin_instruction_sets()


# The problem files these engines read (`synverify problem`, Sources/SynFiles/ProblemFile.swift):
# version 2 added sine inputs and `inputs`; version 1 files read as version 2 files.
SCHEMA, SCHEMA_VERSIONS = "synverify-problem", (1, 2)


def read_problem(path, name):
    """The problem file at `path`, or exit status 2 with one line when it cannot be read or is a
    schema these engines do not know (a newer SynVerify's: say so, never guess)."""
    try:
        with open(path) as f:
            problem = json.load(f)
    except (OSError, ValueError) as error:
        sys.stderr.write(f"{name}: {path}: cannot read the problem file: {' '.join(str(error).split())}\n")
        sys.exit(2)
    schema = problem.get("schema") if isinstance(problem, dict) else None
    version = problem.get("schema_version") if isinstance(problem, dict) else None
    if schema != SCHEMA:
        sys.stderr.write(f"{name}: {path}: not a SynVerify problem file (schema {schema!r}, expected '{SCHEMA}')\n")
        sys.exit(2)
    if version not in SCHEMA_VERSIONS:
        sys.stderr.write(f"{name}: {path}: problem schema version {version!r} is not one this engine reads "
                         f"({', '.join(map(str, SCHEMA_VERSIONS))}): use the engines of the SynVerify that wrote it\n")
        sys.exit(2)
    return problem


class Refusal(Exception):
    """The simulator has no way to run this method on this problem (exit status 3)."""


class Job:
    def __init__(self, trace, method, dt, rtol=None, atol=None):
        self.trace, self.method, self.dt, self.rtol, self.atol = trace, method, dt, rtol, atol

    @property
    def tolerances(self):
        """rtol/atol the job states (none: the simulator's defaults)."""
        return {k: v for k, v in (("rtol", self.rtol), ("atol", self.atol)) if v is not None}


def check(job, methods, name):
    """Raises ProblemError for a job outside the contract."""
    if job.method not in methods:
        raise ProblemError(f"unknown method '{job.method}'; allowed: {', '.join(methods)}")
    for key in ("dt", "rtol", "atol"):
        value = getattr(job, key)
        if value is not None and not (isinstance(value, (int, float)) and value > 0):
            raise ProblemError(f"--{key} must be > 0 (got {value})")
    if job.dt is None:
        raise ProblemError("--dt is missing")


def main(doc, name, methods, run_job, adaptive=False):
    """Parses the command line, reads the problem once and runs each job with
    `run_job(problem, job)`, which writes the job's trace or raises Refusal or ProblemError."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("problem")
    parser.add_argument("trace", nargs="?")
    parser.add_argument("--method", help=", ".join(methods))
    parser.add_argument("--dt", type=float, help="step, or for adaptive methods the rows' interval (ms)")
    if adaptive:
        parser.add_argument("--rtol", type=float, help="relative tolerance (default: the simulator's)")
        parser.add_argument("--atol", type=float, help="absolute tolerance, states' units (default: the simulator's)")
    parser.add_argument("--jobs", help="a batch of jobs (JSON), instead of TRACE and --method/--dt")
    args = parser.parse_args()
    problem = read_problem(args.problem, name)
    if args.jobs is None:
        if args.trace is None or args.method is None:
            sys.exit(f"{name}: give TRACE, --method and --dt, or --jobs JOBS.json")
        job = Job(args.trace, args.method, args.dt, getattr(args, "rtol", None), getattr(args, "atol", None))
        try:
            check(job, methods, name)
            run_job(problem, job)
        except Refusal as why:
            sys.stderr.write(f"{why}\n")
            sys.stderr.flush()
            os._exit(3)  # no interpreter teardown: a simulator may print after the reason
        except ProblemError as error:
            sys.exit(f"{name}: {error}")
        return
    with open(args.jobs) as f:
        jobs = [Job(j["trace"], j["method"], j["dt"], j.get("rtol"), j.get("atol")) for j in json.load(f)["jobs"]]
    for job in jobs:
        try:
            check(job, methods, name)
            run_job(problem, job)
        except Refusal as why:
            _write(job.trace + ".refused", str(why))
        except Exception as error:  # one job's failure never stops the others
            kind = "" if isinstance(error, ProblemError) else type(error).__name__ + ": "
            _write(job.trace + ".error", f"{name}: {kind}{' '.join(str(error).split())}")


def _write(path, text):
    with open(path, "w") as out:
        out.write(text + "\n")
