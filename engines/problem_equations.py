"""A problem file's equations (`synverify problem`, its `brian2` section) as Python functions, for
engines whose simulator takes a right-hand side rather than Brian2 code (scipy, BrainPy).

The section is Brian2 text that SynVerify itself wrote: lines `dX/dt = expr : unit [(flags)]`,
`name = expr : unit` (subexpressions) and statements `name = expr` (on_pre, reset), every value
in SI units with the SI unit names `second`, `volt`, `amp`, `siemens`, `ohm`, `farad`, `hertz` and
`mmolar` (each 1 in SI). A problem file is data and may come from anyone, so expressions are
parsed with `ast` and only arithmetic, comparisons, `and`/`or`/`not` and Brian2's functions are
compiled; anything else is an error naming it.
"""
import ast
import math
import re

# Brian2's default functions (brian2/core/functions.py) that SynVerify's exporter writes.
FUNCTIONS = {
    # exp overflows to inf as numpy's does (a trial step then fails its error test), not an exception.
    "exp": lambda x: math.exp(x) if x < 709.78 else math.inf,
    "log": math.log, "log1p": math.log1p, "expm1": math.expm1, "sqrt": math.sqrt,
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "tanh": math.tanh, "sinh": math.sinh,
    "cosh": math.cosh, "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan, "abs": abs,
    "log10": math.log10, "floor": math.floor, "ceil": math.ceil, "int": lambda x: 1.0 if x else 0.0,
    "sign": lambda x: (x > 0) - (x < 0), "clip": lambda x, a, b: min(max(x, a), b),
    "exprel": lambda x: 1.0 if x == 0 else math.expm1(x) / x,
}
# The SI unit names a problem's expressions use: each is 1 in SI units.
SI_UNITS = {name: 1.0 for name in ("second", "volt", "amp", "siemens", "ohm", "farad", "hertz", "mmolar")}
ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.Name, ast.Load,
           ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Mod, ast.USub, ast.UAdd, ast.Not,
           ast.And, ast.Or, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.IfExp)


class ProblemError(Exception):
    """The problem file asks for something these engines cannot compute (one line)."""


def compile_expression(text, known):
    """A code object for the expression `text`, evaluated with `eval(code, {"__builtins__": {}},
    values)` where values maps the names in `known` (and FUNCTIONS, SI_UNITS, t) to floats."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ProblemError(f"expression '{text}': {error.msg}") from None
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ProblemError(f"expression '{text}': {type(node).__name__} is not allowed")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS):
            raise ProblemError(f"expression '{text}': only Brian2's functions may be called")
        if isinstance(node, ast.Name) and node.id not in known and node.id not in FUNCTIONS:
            raise ProblemError(f"expression '{text}': unknown name '{node.id}'")
    return compile(tree, "<problem>", "eval")


class Equations:
    """The states (in order), subexpressions (in dependency order) and their compiled right-hand
    sides; `flags[state]` holds Brian2's flags such as 'unless refractory'."""

    def __init__(self, text, namespace):
        self.states, self.flags, self.units = [], {}, {}
        subexpressions, derivatives = {}, {}
        for line in filter(str.strip, text.split("\n")):
            definition, _, unit = line.rpartition(":")
            match = re.fullmatch(r"\s*(?:d(\w+)\s*/\s*dt|(\w+))\s*=\s*(.+?)\s*", definition)
            if not match:
                raise ProblemError(f"equation line '{line}' is not 'dX/dt = expr : unit' or 'X = expr : unit'")
            flags = re.search(r"\(([^)]*)\)\s*$", unit)
            unit = unit[:flags.start()] if flags else unit
            if match.group(1):
                self.states.append(match.group(1))
                self.flags[match.group(1)] = {f.strip() for f in flags.group(1).split(",")} if flags else set()
                derivatives[match.group(1)] = match.group(3)
            else:
                subexpressions[match.group(2)] = match.group(3)
            self.units[match.group(1) or match.group(2)] = unit.strip()
        self.namespace = {**SI_UNITS, **{k: v["value"] for k, v in namespace.items()}}
        known = set(self.namespace) | set(self.states) | set(subexpressions) | {"t"}
        self.subexpressions = []
        pending = dict(subexpressions)
        while pending:  # dependency order; bounded: each pass places at least one or fails
            ready = [n for n, e in pending.items()
                     if not (set(re.findall(r"[A-Za-z_]\w*", e)) & (set(pending) - {n}))]
            if not ready:
                raise ProblemError(f"subexpressions {sorted(pending)} depend on each other in a cycle")
            for name in ready:
                self.subexpressions.append((name, compile_expression(pending.pop(name), known)))
        self.derivatives = [compile_expression(derivatives[s], known) for s in self.states]
        self.known = known
        # The texts, for engines that compile them their own way (BrainPy's JAX).
        self.subexpression_texts = [(name, subexpressions[name]) for name, _ in self.subexpressions]
        self.derivative_texts = [derivatives[s] for s in self.states]

    def values(self, t_s, y_si):
        """Every name's value at time t_s (s) and state y_si (SI units)."""
        values = dict(self.namespace)
        values["t"] = t_s
        values.update(zip(self.states, y_si))
        for name, code in self.subexpressions:
            values[name] = eval(code, {"__builtins__": {}, **FUNCTIONS}, values)
        return values

    def derivative(self, t_s, y_si, frozen=()):
        """dy/dt in SI units per second; states in `frozen` (refractory clamps) have 0."""
        values = self.values(t_s, y_si)
        scope = {"__builtins__": {}, **FUNCTIONS}
        return [0.0 if s in frozen else eval(code, scope, values) for s, code in zip(self.states, self.derivatives)]

    def statements(self, text):
        """A statement block (`name = expr` lines, Brian2's on_pre/reset) as a function that takes
        (t_s, y_si) and returns the new state."""
        compiled = []
        for line in filter(str.strip, text.split("\n")):
            match = re.fullmatch(r"\s*(\w+)\s*(\+|-|\*|/)?=\s*(.+?)\s*", line)
            if not match:
                raise ProblemError(f"statement '{line}' is not 'name = expr'")
            target, operator, expression = match.groups()
            if operator:
                expression = f"{target} {operator} ({expression})"
            compiled.append((target, compile_expression(expression, self.known | {target} | self.temporaries(text))))

        def run(t_s, y_si):
            values = self.values(t_s, y_si)
            scope = {"__builtins__": {}, **FUNCTIONS}
            for target, code in compiled:
                values[target] = eval(code, scope, values)
            return [values[s] for s in self.states]
        return run

    @staticmethod
    def temporaries(text):
        """Names a statement block assigns (SynVerify's `synverify_new_k` temporaries among them)."""
        return set(re.findall(r"^\s*(\w+)\s*[-+*/]?=", text, flags=re.M))

    def threshold(self, text):
        """Brian2's threshold `a > b` (or >=, <, <=) as a function of (t_s, y_si) that crosses zero
        upwards where the threshold starts to hold."""
        tree = ast.parse(text.strip(), mode="eval").body
        if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1
                and isinstance(tree.ops[0], (ast.Gt, ast.GtE, ast.Lt, ast.LtE))):
            raise ProblemError(f"threshold '{text}' is not one comparison 'a > b' (or >=, <, <=)")
        left = compile_expression(ast.unparse(tree.left), self.known)
        right = compile_expression(ast.unparse(tree.comparators[0]), self.known)
        sign = 1.0 if isinstance(tree.ops[0], (ast.Gt, ast.GtE)) else -1.0
        scope = {"__builtins__": {}, **FUNCTIONS}

        def distance(t_s, y_si):
            values = self.values(t_s, y_si)
            return sign * (eval(left, scope, values) - eval(right, scope, values))
        return distance


def jax_expression(text, known):
    """The expression `text` as Python source over jax.numpy (`jnp`), for traced evaluation:
    `and`/`or`/`not` become jnp.logical_*, `a if c else b` jnp.where, Brian2's functions jnp's.
    Checked like compile_expression first."""
    compile_expression(text, known)
    tree = ast.parse(text.strip(), mode="eval")

    class ToJax(ast.NodeTransformer):
        def visit_BoolOp(self, node):
            self.generic_visit(node)
            name = "logical_and" if isinstance(node.op, ast.And) else "logical_or"
            result = node.values[0]
            for value in node.values[1:]:
                result = ast.Call(func=_jnp(name), args=[result, value], keywords=[])
            return result

        def visit_UnaryOp(self, node):
            self.generic_visit(node)
            if isinstance(node.op, ast.Not):
                return ast.Call(func=_jnp("logical_not"), args=[node.operand], keywords=[])
            return node

        def visit_IfExp(self, node):
            self.generic_visit(node)
            return ast.Call(func=_jnp("where"), args=[node.test, node.body, node.orelse], keywords=[])

        def visit_Call(self, node):
            self.generic_visit(node)
            node.func = ast.Name(id=JAX_FUNCTIONS[node.func.id], ctx=ast.Load())
            return node

    return ast.unparse(ast.fix_missing_locations(ToJax().visit(tree)))


def _jnp(name):
    return ast.Attribute(value=ast.Name(id="jnp", ctx=ast.Load()), attr=name, ctx=ast.Load())


# Brian2's functions as jax.numpy source (the names `jax_expression` writes).
JAX_FUNCTIONS = {
    "exp": "jnp.exp", "log": "jnp.log", "log1p": "jnp.log1p", "expm1": "jnp.expm1", "sqrt": "jnp.sqrt",
    "sin": "jnp.sin", "cos": "jnp.cos", "tan": "jnp.tan", "tanh": "jnp.tanh", "sinh": "jnp.sinh",
    "cosh": "jnp.cosh", "arcsin": "jnp.arcsin", "arccos": "jnp.arccos", "arctan": "jnp.arctan", "abs": "jnp.abs",
    "log10": "jnp.log10", "floor": "jnp.floor", "ceil": "jnp.ceil", "int": "_int", "sign": "jnp.sign",
    "clip": "jnp.clip", "exprel": "_exprel",
}


class Model:
    """A problem's equations in an engine's units: t in ms, each state z = y_si / factor. The
    factors are the problem's own units (`variables[].si_factor`: nS, mV, 1, as a user of odeint or
    BrainPy writes a model, so an atol is in those units) unless `units` maps SI unit names to
    (factor, name) pairs (NEST's mV, pA, nS); `unit_names` are the states' units either way.
    Pathways, threshold, reset, refractoriness, the `(unless refractory)` states and the inputs'
    switch times come with it."""

    def __init__(self, problem, units=None):
        b2 = problem["brian2"]
        self.b2 = b2
        self.eq = Equations(b2["equations"], b2["namespace"])
        self.si_units = [self.eq.units[s] for s in self.eq.states]
        if units is None:
            variables = {v["name"]: v for v in problem["variables"]}
            self.factors = [variables[s]["si_factor"] if s in variables else 1.0 for s in self.eq.states]
            self.unit_names = [variables[s]["unit"] if s in variables else self.eq.units[s] for s in self.eq.states]
        else:
            pairs = [units.get(u, (1.0, u)) for u in self.si_units]
            self.factors, self.unit_names = [f for f, _ in pairs], [n for _, n in pairs]
        initial = b2["initial"]
        self.z0 = [initial[s]["value"] / f if s in initial else 0.0 for s, f in zip(self.eq.states, self.factors)]
        self.pathways = [(sorted(s * 1e3 for s in p["spikes_s"]), self.eq.statements(p["on_pre"]))
                         for p in b2["pathways"]]
        self.threshold = self.eq.threshold(b2["threshold"]) if b2["threshold"] else None
        self.reset = self.eq.statements(b2["reset"]) if b2["threshold"] and b2["reset"] else None
        self.refractory_ms = (b2["refractory_s"] or 0.0) * 1e3
        self.clamped = {s for s in self.eq.states if "unless refractory" in self.eq.flags[s]}
        self.switches = problem.get("switch_times_ms") or []  # where the inputs jump (ms)
        self.rates = [1e-3 / f for f in self.factors]

    def si(self, z):
        return [zi * f for zi, f in zip(z, self.factors)]

    def z(self, y_si):
        return [yi / f for yi, f in zip(y_si, self.factors)]

    def rhs(self, frozen):
        """f(t_ms, z) = dz/dt per ms; `frozen` names states held (refractory)."""
        def f(t_ms, z):
            dy = self.eq.derivative(t_ms * 1e-3, self.si(z), frozen)
            return [d * rate for d, rate in zip(dy, self.rates)]
        return f

    def distance(self, t_ms, z):
        return self.threshold(t_ms * 1e-3, self.si(z))

    def apply(self, statements, t_ms, z):
        return self.z(statements(t_ms * 1e-3, self.si(z)))
