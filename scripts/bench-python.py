"""make bench's Python figures (printed, not asserted): the wheel's size, `import synverify` and
one `compare` of a 1,001-row trace, with the wheel installed in .venv-engines (make wheel-test)."""
import glob
import os
import subprocess
import sys
import time

wheels = glob.glob("dist/synverify-*.whl")
if wheels:
    print(f"  wheel {os.path.basename(wheels[0])}: {os.path.getsize(wheels[0]) / 1e6:.1f} MB")
imports = []
for _ in range(3):
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import synverify"], check=True)
    imports.append(time.perf_counter() - start)
start = time.perf_counter()
import numpy as np  # noqa: E402
import synverify  # noqa: E402
t = np.arange(0, 50.0001, 0.05)
calls = []
for _ in range(5):
    start = time.perf_counter()
    result = synverify.compare("data/models/exp.yaml", {"t": t, "g": 5 * np.exp(-t / 2)})
    calls.append(time.perf_counter() - start)
print(f"  python -c 'import synverify' (a fresh interpreter): {min(imports) * 1e3:.0f} ms; "
      f"one compare (1,001 rows, {'pass' if result.passed else 'FAIL'}): {min(calls) * 1e3:.0f} ms")
