r"""The two functions of every pair check are what the pair's sides claim, read through their AST.

An expanded function computes term by term in plain Python, as the expanded side is written:

- no `@`, and no numpy except the scalar functions of `SCALAR_NUMPY` (np.exp of one number is
  the e^x of the page; np.dot, np.sum, np.asarray and every other numpy name are vector work);
- no array method or attribute (`.T`, `.sum()`, `.dot()`, `.reshape()`... of `ARRAY_METHODS`);
- nothing from snippets/vector.py, the book's numpy library;
- it reads each of its named parameters, and no `return` gives back a constant (a typed-in answer).

The same holds for every function or class of snippets/ that it calls, however deep: the loop
may live in expanded.py. Its vector function uses vector operations: `@`, a numpy call or an
array method, in its own body or in a snippets/ function it calls, and it too reads its
parameters and returns no constant. Each violation names snippets/<file>:<line>.

Array arithmetic that numpy does behind `+` or `*` cannot be seen in the AST, so the expanded
function is also called with every array argument turned into plain Python lists: it must
give the same numbers, as a term-by-term computation does.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SNIPPETS
from test_pairs import ALL_CHECKS, assert_agree, pairs, snippet

# Numpy functions that an expanded function may call on one number at a time.
SCALAR_NUMPY = {"exp", "log", "sqrt", "tanh", "abs", "isclose", "pi", "e", "inf", "isfinite", "float64"}
# Attributes that only arrays have: reading one is vector work.
ARRAY_METHODS = {
    "T", "sum", "dot", "reshape", "ravel", "flatten", "mean", "prod", "max", "min", "argmax", "argmin",
    "transpose", "outer", "shape", "ndim", "size", "astype", "cumsum", "clip", "round", "item",
    "squeeze", "mT", "any", "all",
}
NUMPY_NAMES = {"np", "numpy"}
# Conversions at the boundary, from the arrays a sample hands over to plain Python lists: they
# compute nothing, and the lists are what the expanded function then works on.
CONVERSIONS = {"tolist", "to_expanded"}
VECTOR_LIBRARY = "vector"  # snippets/vector.py
SIDE_NAMES = ("expanded", "vector")


def where(node: ast.AST, source: Source) -> str:
    return f"{source.path}:{source.first + getattr(node, 'lineno', 1) - 1}"


class Source:
    """A function's or class's source, parsed, with where it starts in its file."""

    def __init__(self, obj) -> None:
        lines, self.first = inspect.getsourcelines(obj)
        self.path = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT).as_posix()
        self.tree = ast.parse(textwrap.dedent("".join(lines)))
        self.globals = getattr(obj, "__globals__", None) or vars(inspect.getmodule(obj))


def in_snippets(obj) -> bool:
    try:
        return Path(inspect.getsourcefile(obj)).resolve().parent == SNIPPETS.resolve()
    except TypeError:  # a builtin
        return False


def resolve(node: ast.expr, scope: dict):
    """The object a Name or module.attribute refers to in the function's module, or None."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = scope.get(node.value.id)
        if isinstance(owner, types.ModuleType):
            return getattr(owner, node.attr, None)
    return None


def is_numpy(node: ast.expr, scope: dict) -> bool:
    return isinstance(node, ast.Name) and (node.id in NUMPY_NAMES or scope.get(node.id) is np)


def module_name(node: ast.expr, scope: dict) -> str | None:
    if isinstance(node, ast.Name) and isinstance(scope.get(node.id), types.ModuleType):
        return scope[node.id].__name__
    return None


def parameters_read(function: ast.FunctionDef) -> tuple[list[str], set[str]]:
    """The named parameters of `function`, and those of them its body reads."""
    args = function.args
    named = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg not in ("self", "cls")]
    read = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return named, read & set(named)


def reads_and_returns(function: ast.FunctionDef, source: Source, needed: set[str] | None) -> list[str]:
    """An argument never read that the vector side reads (`needed`; None: every one), or only
    constants returned: the answer typed in."""
    problems = []
    named, read = parameters_read(function)
    for name in named:
        if name not in read and (needed is None or name in needed):
            problems.append(f"{where(function, source)}: '{function.name}' never reads its argument '{name}': "
                            "a check must compute from its inputs")
    returns = [function.body] if isinstance(function, ast.Lambda) else [
        n.value for n in ast.walk(function) if isinstance(n, ast.Return) and n.value is not None
    ]
    constant = [v for v in returns if not any(isinstance(n, (ast.Name, ast.Attribute, ast.Call)) for n in ast.walk(v))]
    if returns and len(constant) == len(returns):  # a constant in one branch (sigma of -1000) is fine
        problems.append(f"{where(constant[0], source)}: '{getattr(function, 'name', 'lambda')}' returns only "
                        f"constants, {ast.unparse(constant[0])}: compute the result from the arguments")
    return problems


def expanded_problems(obj, seen: set, needed: set[str] | None = None) -> list[str]:
    """What in `obj` (a function or class of snippets/) and what it calls is no plain Python."""
    if obj in seen:
        return []
    seen.add(obj)
    source, problems, called = Source(obj), [], []
    for node in ast.walk(source.tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            problems.append(f"{where(node, source)}: '@' in the expanded computation: multiply and add "
                            "term by term in a loop, as the expanded side does")
        elif isinstance(node, ast.Attribute) and node.attr not in CONVERSIONS:
            if is_numpy(node.value, source.globals):
                if node.attr not in SCALAR_NUMPY:
                    hint = ("; to lay the 47 results end to end, return expanded.flatten((w2, b2, w3, b3))"
                            if node.attr in ("concatenate", "ravel", "asarray", "array") else "")
                    problems.append(f"{where(node, source)}: np.{node.attr} in the expanded computation: numpy's "
                                    f"vector work belongs to the vector function (allowed: the scalar "
                                    f"np.{', np.'.join(sorted(SCALAR_NUMPY))}){hint}")
            elif module_name(node.value, source.globals) == VECTOR_LIBRARY:
                problems.append(f"{where(node, source)}: vector.{node.attr} in the expanded computation: "
                                "snippets/vector.py is the numpy library; use expanded.py's loops")
            elif node.attr in ARRAY_METHODS and module_name(node.value, source.globals) is None:
                problems.append(f"{where(node, source)}: .{node.attr} of an array in the expanded computation: "
                                "work entry by entry with indices")
        if isinstance(node, ast.Call):
            target = resolve(node.func, source.globals)
            if (target is not None and (inspect.isfunction(target) or inspect.isclass(target))
                    and in_snippets(target) and target.__name__ not in CONVERSIONS):
                called.append(target)
    if isinstance(obj, types.FunctionType):
        function = source.tree.body[0]
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            problems += reads_and_returns(function, source, needed)
    for target in called:
        problems += expanded_problems(target, seen)
    return problems


def uses_vectors(obj, seen: set) -> bool:
    """Whether `obj` or a snippets/ function it calls uses `@`, a numpy call or an array method."""
    if obj in seen:
        return False
    seen.add(obj)
    source = Source(obj)
    for node in ast.walk(source.tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            return True
        if isinstance(node, ast.Attribute) and (
            is_numpy(node.value, source.globals)
            or (node.attr in ARRAY_METHODS and module_name(node.value, source.globals) is None)
        ):
            return True
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Call):
            target = resolve(node.func, source.globals)
            if target is not None and inspect.isfunction(target) and in_snippets(target) and uses_vectors(target, seen):
                return True
    return False


def vector_problems(function) -> list[str]:
    source, problems = Source(function), []
    if not uses_vectors(function, set()):
        problems.append(f"{source.path}:{source.first}: '{function.__name__}' uses no vector operation: the "
                        "vector function computes as the vector side reads, with numpy (@, np.dot, np.outer, "
                        "np.sum, array arithmetic after np.asarray...)")
    return problems


def problems_of(name: str) -> list[str]:
    module, key = name.split(".")
    expanded, vector, _ = snippet(module).CHECKS[key]
    # The expanded function reads what the vector function reads: an argument that the vector side
    # ignores (lambda, for the biases' gradient) the answer does not depend on.
    needed = parameters_read(Source(vector).tree.body[0])[1] if isinstance(vector, types.FunctionType) else None
    return expanded_problems(expanded, set(), needed) + vector_problems(vector)


@pytest.mark.parametrize("name", ALL_CHECKS)
def test_check_functions_are_what_their_sides_claim(name):
    problems = problems_of(name)
    assert not problems, "\n".join(problems)


class Plain(list):
    """A plain Python list that a boundary conversion (`.tolist()`, vector.to_expanded) accepts."""

    def tolist(self):
        return [v.tolist() if isinstance(v, Plain) else v for v in self]


def as_lists(value):
    """`value` with every numpy array turned into nested Python lists of floats."""
    if isinstance(value, np.ndarray):
        return Plain(as_lists(v) for v in value) if value.ndim else value.item()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: as_lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(as_lists(v) for v in value)
    return value


@pytest.mark.parametrize("name", ALL_CHECKS)
def test_expanded_functions_compute_on_plain_lists(name):
    module, key = name.split(".")
    expanded, vector, sample = snippet(module).CHECKS[key]
    for seed in range(3):
        plain = as_lists(sample(np.random.default_rng(seed)))
        assert_agree(expanded(**plain), vector(**sample(np.random.default_rng(seed))), f"{name} on plain lists")


# --- planted mistakes: each rule fails, naming the file and line ------------------------------

import parameters  # noqa: E402  (snippets/: a helper that uses numpy)
import vector  # noqa: E402


def good_expanded(w, x, b):
    z = b
    for i in range(len(w)):
        z += w[i] * x[i]
    return z


def good_vector(w, x, b):
    return np.dot(w, x) + b


def matmul_expanded(w, x, b):
    return w @ x + b  # planted: matmul


def numpy_expanded(w, x, b):
    return float(np.dot(w, x)) + b  # planted: numpy


def method_expanded(w, x, b):
    return (np.asarray(w) * x).sum() + b  # planted: method


def library_expanded(params, x):
    return vector.forward(params, x)  # planted: library


def helper_expanded(theta, x):
    return parameters.from_theta(theta)["b2"][0] + x  # planted: helper


def constant_expanded(w, x, b):
    return 0.5  # planted: constant


def ignoring_expanded(w, x, b):
    return sum(w) + b  # planted: ignoring


def loop_vector(w, x, b):  # planted: no vectors
    return sum(w[i] * x[i] for i in range(len(w))) + b


def array_expanded(w, x, b):
    return sum(w * x) + b  # numpy multiplies the arrays behind '*'


def line_of(function, marker: str) -> str:
    lines, first = inspect.getsourcelines(function)
    path = Path(inspect.getsourcefile(function)).resolve().relative_to(ROOT).as_posix()
    return f"{path}:{first + next(i for i, line in enumerate(lines) if marker in line)}"


def test_an_honest_check_has_no_problem():
    assert expanded_problems(good_expanded, set(), {"w", "x", "b"}) == []
    assert vector_problems(good_vector) == []


@pytest.mark.parametrize("function, marker, message", [
    (matmul_expanded, "planted", "'@' in the expanded computation"),
    (numpy_expanded, "planted", "np.dot in the expanded computation"),
    (method_expanded, "planted", ".sum of an array"),
    (library_expanded, "planted", "vector.forward in the expanded computation"),
    (constant_expanded, "planted", "returns only constants, 0.5"),
    (ignoring_expanded, "def ", "never reads its argument 'x'"),
])
def test_each_planted_expanded_mistake_names_its_line(function, marker, message):
    problems = expanded_problems(function, set(), {"w", "x", "b"})
    assert any(p.startswith(line_of(function, marker) + ": ") and message in p for p in problems), problems


def test_a_helper_of_snippets_is_read_too_with_its_own_line():
    problems = expanded_problems(helper_expanded, set(), {"theta", "x"})
    assert any(p.startswith("snippets/parameters.py:") and "np.prod" in p for p in problems), problems


def test_an_argument_the_vector_side_ignores_may_go_unread():
    assert expanded_problems(ignoring_expanded, set(), {"w", "b"}) == []


def test_a_vector_function_without_vectors_is_caught():
    (problem,) = vector_problems(loop_vector)
    assert problem.startswith(line_of(loop_vector, "planted") + ": ") and "uses no vector operation" in problem


def test_array_arithmetic_fails_on_plain_lists():
    rng = np.random.default_rng(0)
    arrays = {"w": rng.normal(size=12), "x": rng.integers(0, 2, size=12).astype(float), "b": 0.5}
    assert expanded_problems(array_expanded, set(), {"w", "x", "b"}) == []  # the AST cannot see it
    assert_agree(array_expanded(**arrays), good_vector(**arrays), "on arrays")
    with pytest.raises(TypeError):
        array_expanded(**as_lists(arrays))
    assert good_expanded(**as_lists(arrays)) == pytest.approx(good_vector(**arrays), rel=1e-12)
