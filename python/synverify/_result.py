"""A verdict as Python sees it."""
from __future__ import annotations

import html


class Result:
    """One comparison's verdict and figures (the program's `--json` object, kept in `data`).

    `passed` (the verdict is what the spec claims: a pass, or a known-wrong variant caught);
    `max_error` (the largest absolute error, in the first variable's unit) and `errors`
    (per variable: name → max abs error); `peak` (analytic and numeric time and value, or None);
    `spikes` (expected and numeric times, ms, or None); `order` (set by `convergence`); `reasons`
    (why it failed, in words)."""

    def __init__(self, data: dict):
        self.data = data
        self.model = data.get("model")
        self.method = data.get("method")
        # `holds`: the program's own rule — a pass, or a known-wrong variant caught.
        self.passed = bool(data.get("holds", data.get("verdict") == "pass"))
        self.known_wrong = data.get("known_wrong")
        metrics = data.get("metrics") or {}
        self.max_error = metrics.get("max_abs_error")
        self.errors = {v["name"]: v.get("max_abs_error") for v in data.get("variables") or []}
        self.units = {v["name"]: v.get("unit") for v in data.get("variables") or []}
        self.peak = data.get("peak")
        self.spikes = data.get("spikes")
        self.reasons = list(data.get("reasons") or [])
        self.order = data.get("order")

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        error = "" if self.max_error is None else f", max error {self.max_error:.3g}"
        return f"<synverify.Result {self.model} with {self.method}: {verdict}{error}>"

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.model}** with `{self.method}`: **{'PASS' if self.passed else 'FAIL'}**", "",
                 "| variable | max abs error |", "|---|---:|"]
        lines += [f"| {name} ({self.units.get(name) or '1'}) | {error:.3g} |" for name, error in self.errors.items()
                  if error is not None]
        lines += [""] + [f"- {reason}" for reason in self.reasons]
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{html.escape(name)} ({html.escape(self.units.get(name) or '1')})</td>"
                       f"<td>{error:.3g}</td></tr>" for name, error in self.errors.items() if error is not None)
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in self.reasons)
        return (f"<p><b>{html.escape(str(self.model))}</b> with <code>{html.escape(str(self.method))}</code>: "
                f"<b>{'PASS' if self.passed else 'FAIL'}</b></p><table><tr><th>variable</th><th>max abs error</th>"
                f"</tr>{rows}</table>" + (f"<ul>{reasons}</ul>" if reasons else ""))
