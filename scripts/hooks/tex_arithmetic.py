r"""Arithmetic in TeX, evaluated from the digits shown: the relations a formula displays.

`relations(tex)` reads a formula such as

    z^3_1 = (2.427)(0.061) + (-4.488)(0.997) + (-0.837) \approx -5.125

as a chain of sides joined by relations (=, \approx, <, >, \le, \ge) and returns each pair of
neighbouring sides that are both plain arithmetic: numbers, + - \times \cdot / \div, brackets,
unary minus, powers, \frac, \sqrt, vectors (a, b) and pmatrix/bmatrix matrices. A side with any
symbol (z^3_1, \sigma(0), \mathbf{x}) is not arithmetic, and the relations beside it are skipped.

Two readings of the digits, one for each relation:

- `=` (and <, >, \le, \ge) states arithmetic on the digits as shown. Each side is computed
  exactly from its digits, as a reader with a pencil would; a side that is one number as shown
  (-5.125, 9.77 \times 10^{-4}, or a matrix of such numbers) may be rounded, so `=` allows half
  a unit in its last shown place, and nothing else. A total computed from unrounded values
  beside rounded operands fails: write \approx, or round the operands before computing it.
- `\approx` states that the digits are roundings of values for which the relation holds: every
  number shown with d decimals stands for [x - u/2, x + u/2], u = 10^-d (integers are exact),
  the sides are evaluated in interval arithmetic, and they must overlap. So \approx forgives the
  operands' rounding carried through the arithmetic, and still fails on a wrong total.

`\class{name}{body}`, `\cssId{id}{body}` and `\data{...}{body}` are their body.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Relations between sides; those in CHECKED are evaluated, the others only end a side.
RELATIONS = {"=": "=", r"\approx": "≈", "<": "<", ">": ">", r"\le": "≤", r"\leq": "≤", r"\ge": "≥",
             r"\geq": "≥", r"\lt": "<", r"\gt": ">", r"\ne": "≠", r"\neq": "≠", r"\equiv": "≡",
             r"\to": "→", r"\mapsto": "→", r"\sim": "~", r"\propto": "∝", r"\in": "∈"}
CHECKED = {"=", "≈", "<", ">", "≤", "≥"}
# What separates one chain of relations from the next at the top level of a formula.
SEPARATORS = {",", ";", r"\quad", r"\qquad", r"\text", r"\mathrm", r"\textrm", r"\textit",
              r"\implies", r"\iff", r"\Rightarrow", r"\Leftrightarrow", r"\rightarrow", r"\Longrightarrow",
              r"\tag", r"\forall", r"\colon", r"\mid", r"\wedge", r"\lor", r"\land"}
# Commands that draw nothing or only space or size; wrappers (with their number of arguments)
# whose last argument is the body; \color{name}, which colours what follows.
INVISIBLE = {r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl",
             r"\Bigr", r"\biggl", r"\biggr", r"\Biggl", r"\Biggr", r"\,", r"\;", r"\:", r"\!", r"\ ",
             r"\displaystyle", r"\textstyle", r"\nonumber", r"\notag", r"\middle", r"\bigm", r"\Bigm",
             r"\limits", r"\nolimits", r"\phantom"}
WRAPPERS = {r"\class": 2, r"\cssId": 2, r"\data": 2, r"\boxed": 1, r"\textcolor": 2, r"\colorbox": 2,
            r"\underline": 1, r"\underbrace": 1, r"\overbrace": 1, r"\underset": 2, r"\overset": 2,
            r"\href": 2}
FRACTIONS = {r"\frac", r"\tfrac", r"\dfrac"}
TIMES = {r"\times", r"\cdot", "*"}
DIVIDE = {"/", r"\div"}
OPEN = {"(": ")", "[": "]", r"\{": r"\}", r"\lbrack": r"\rbrack", r"\lparen": r"\rparen"}
MATRICES = {"pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "matrix", "smallmatrix"}
ROWS = {"aligned", "align", "align*", "gathered", "gather", "gather*", "split", "multline", "array",
        "cases", "alignedat", "eqnarray"}

DIGIT = re.compile(r"\d")
RELATION = re.compile(r"[=<>]|\\(?:approx|le|ge|lt|gt)")
TOKEN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<cmd>\\(?:[A-Za-z]+\*?|.))"
    r"|(?P<space>\s+|~)"
    r"|(?P<sym>[−–-])"
    r"|(?P<other>.)",
    re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "cmd", "sym"
    text: str
    at: int  # offset in the formula


def tokens(tex: str) -> list[Token]:
    """The formula's tokens. A digit that is a bare argument is one token, as TeX reads it:
    x^23 is x^{2}3 and \tfrac12 is \tfrac{1}{2}."""
    out: list[Token] = []
    arguments = 0  # bare arguments still expected by the last command (\frac, ^, _)
    i = 0
    while i < len(tex):
        m = TOKEN.match(tex, i)
        kind, text = m.lastgroup, m.group(0)
        if kind == "space":
            i += len(text)
            continue
        if kind == "num" and arguments:
            text = text[0]
        arguments = max(arguments - 1, 0)
        if text in FRACTIONS:
            arguments = 2
        elif text in ("^", "_"):
            arguments = 1
        elif text == "{":
            arguments = 0
        out.append(Token("num" if kind == "num" else "cmd" if kind == "cmd" else "sym",
                         "-" if kind == "sym" else text, i))
        i += len(text)
    return out


# --- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A value computed from the digits shown, the rounding it may carry, and its range.

    `value` is the exact arithmetic of the digits shown. `half` is half a unit in the last shown
    place when the value is one number as shown (0.061 carries 0.0005), and 0 once computed.
    [lo, hi] holds every value the side can have when each number in it may be rounded by half a
    unit in its last place: interval arithmetic, for `\approx`.
    """

    value: float
    half: float = 0.0
    lo: float | None = None
    hi: float | None = None

    def __post_init__(self):
        if self.lo is None:
            object.__setattr__(self, "lo", self.value - self.half)
            object.__setattr__(self, "hi", self.value + self.half)

    def __add__(self, o):
        return Num(self.value + o.value, 0.0, self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o):
        return Num(self.value - o.value, 0.0, self.lo - o.hi, self.hi - o.lo)

    def __neg__(self):
        return Num(-self.value, self.half, -self.hi, -self.lo)

    def __mul__(self, o):
        ends = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Num(self.value * o.value, 0.0, min(ends), max(ends))

    def __truediv__(self, o):
        if o.lo <= 0 <= o.hi:
            raise NotArithmetic("division by a number that may be 0")
        ends = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi]
        return Num(self.value / o.value, 0.0, min(ends), max(ends))

    def power(self, n: Num) -> Num:
        if n.lo != n.hi or n.value != int(n.value):
            if self.lo <= 0:
                raise NotArithmetic("non-integer power of a number that may be negative")
            ends = [self.lo ** n.lo, self.lo ** n.hi, self.hi ** n.lo, self.hi ** n.hi]
            return Num(self.value ** n.value, 0.0, min(ends), max(ends))
        k = int(n.value)
        if k < 0 and self.lo <= 0 <= self.hi:
            raise NotArithmetic("division by a number that may be 0")
        ends = [self.lo ** k, self.hi ** k]
        low = 0.0 if k % 2 == 0 and k > 0 and self.lo <= 0 <= self.hi else min(ends)
        return Num(self.value ** k, 0.0, low, max(ends))

    def sqrt(self) -> Num:
        if self.lo < 0:
            raise NotArithmetic("square root of a number that may be negative")
        return Num(math.sqrt(self.value), 0.0, math.sqrt(self.lo), math.sqrt(self.hi))


def shown(text: str) -> Num:
    """The number the digits `text` show; a decimal carries half a unit in its last place."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Num(float(text), 0.5 * 10.0 ** -decimals if decimals else 0.0)


class Array:
    """A vector (a, b, c), a column or a matrix of numbers, rows of equal length."""

    def __init__(self, rows: list[list[Num]]) -> None:
        if not rows or len({len(r) for r in rows}) != 1:
            raise NotArithmetic("ragged matrix")
        self.rows = rows

    @property
    def shape(self):
        return len(self.rows), len(self.rows[0])

    def map2(self, other: Array, op) -> Array:
        if self.shape != other.shape:
            raise NotArithmetic("shapes differ")
        return Array([[op(a, b) for a, b in zip(r, s)] for r, s in zip(self.rows, other.rows)])

    def scale(self, k: Num) -> Array:
        return Array([[k * a for a in r] for r in self.rows])

    def matmul(self, other: Array) -> Array:
        (n, m), (p, q) = self.shape, other.shape
        if m != p:
            raise NotArithmetic("sizes do not match for a product")
        rows = []
        for i in range(n):
            row = []
            for j in range(q):
                total = Num(0.0)
                for k in range(m):
                    total = total + self.rows[i][k] * other.rows[k][j]
                row.append(total)
            rows.append(row)
        return Array(rows)

    def negate(self) -> Array:
        return Array([[-a for a in r] for r in self.rows])

    def entries(self):
        return [a for r in self.rows for a in r]


Value = Num | Array


def add(a: Value, b: Value, sign: int) -> Value:
    if isinstance(a, Num) and isinstance(b, Num):
        return a + b if sign > 0 else a - b
    if isinstance(a, Array) and isinstance(b, Array):
        return a.map2(b, (lambda x, y: x + y) if sign > 0 else (lambda x, y: x - y))
    raise NotArithmetic("a number added to a vector")


def multiply(a: Value, b: Value) -> Value:
    if isinstance(a, Num) and isinstance(b, Num):
        return a * b
    if isinstance(a, Num):
        return b.scale(a)
    if isinstance(b, Num):
        return a.scale(b)
    return a.matmul(b)


def negate(v: Value) -> Value:
    return v.negate() if isinstance(v, Array) else -v


class NotArithmetic(Exception):
    """The side is not plain arithmetic: it holds a symbol, a function or something unread."""


# --- parsing -----------------------------------------------------------------------------


def strip(toks: list[Token]) -> list[Token]:
    """The tokens without invisible commands and with wrappers replaced by their bodies."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.text in INVISIBLE:
            i += 1
            if t.text == r"\phantom":
                i = skip_group(toks, i)
            continue
        if t.text in WRAPPERS:
            j = i + 1
            for _ in range(WRAPPERS[t.text] - 1):
                j = skip_group(toks, j)
            body_end = skip_group(toks, j)
            body = toks[j + 1:body_end - 1] if j < len(toks) and toks[j].text == "{" else toks[j:body_end]
            out += [Token("sym", "{", t.at)] + strip(body) + [Token("sym", "}", t.at)]
            i = body_end
            if t.text in (r"\underbrace", r"\overbrace") and i < len(toks) and toks[i].text in "_^":
                i = skip_group(toks, i + 1)
            continue
        if t.text == r"\color":
            i = skip_group(toks, i + 1)
            continue
        out.append(t)
        i += 1
    return out


def skip_group(toks: list[Token], i: int) -> int:
    """The index after the group (a braced {...} or one token) starting at i."""
    if i >= len(toks):
        return i
    if toks[i].text != "{":
        return i + 1
    depth = 0
    for j in range(i, len(toks)):
        depth += {"{": 1, "}": -1}.get(toks[j].text, 0)
        if depth == 0:
            return j + 1
    return len(toks)


def scientific(toks: list[Token]) -> Num | None:
    """A number in scientific notation, 9.77 \times 10^{-4}, as shown: rounded in its last digit."""
    texts = [t.text for t in toks]
    sign = -1.0 if texts[:1] == ["-"] else 1.0
    texts = texts[1:] if sign < 0 else texts
    if len(texts) < 4 or toks[-len(texts)].kind != "num" or texts[1] not in TIMES or texts[2:4] != ["10", "^"]:
        return None
    exponent = texts[4:]
    if exponent[:1] == ["{"] and exponent[-1:] == ["}"]:
        exponent = exponent[1:-1]
    if not (exponent and re.fullmatch(r"-?\d+", "".join(exponent))):
        return None
    mantissa, power = shown(texts[0]), 10.0 ** int("".join(exponent))
    return Num(sign * mantissa.value * power, mantissa.half * power)


class Parser:
    """Recursive descent over one side's tokens; raises NotArithmetic on anything else."""

    def __init__(self, toks: list[Token]) -> None:
        self.toks, self.i = toks, 0

    def peek(self, k: int = 0) -> str | None:
        return self.toks[self.i + k].text if self.i + k < len(self.toks) else None

    def take(self, text: str | None = None) -> Token:
        if self.i >= len(self.toks) or (text is not None and self.toks[self.i].text != text):
            raise NotArithmetic(f"expected {text}")
        self.i += 1
        return self.toks[self.i - 1]

    def side(self) -> Value:
        if number := scientific(self.toks):
            return number
        value = self.expr()
        if self.i != len(self.toks):
            raise NotArithmetic(f"unread {self.peek()}")
        return value

    def expr(self) -> Value:
        value = self.unary()
        while self.peek() in ("+", "-"):
            sign = 1 if self.take().text == "+" else -1
            value = add(value, self.term(), sign)
        return value

    def unary(self) -> Value:
        if self.peek() == "-":
            self.take()
            value = self.term()
            return negate(value)
        if self.peek() == "+":
            self.take()
        return self.term()

    def term(self) -> Value:
        value = self.power()
        while True:
            p = self.peek()
            if p in TIMES:
                self.take()
                value = multiply(value, self.power_signed())
            elif p in DIVIDE:
                self.take()
                divisor = self.power_signed()
                if not (isinstance(value, Num) and isinstance(divisor, Num)):
                    raise NotArithmetic("division of vectors")
                value = value / divisor
            elif p in OPEN or p in (r"\frac", r"\tfrac", r"\dfrac", r"\sqrt", r"\begin") or (
                p == "{" and not isinstance(value, Array)
            ):
                value = multiply(value, self.power())
            else:
                return value

    def power_signed(self) -> Value:
        if self.peek() == "-":  # 2 \times -3, as some write it
            self.take()
            return negate(self.power())
        return self.power()

    def power(self) -> Value:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exponent = self.group()
            if not isinstance(base, Num) or not isinstance(exponent, Num):
                raise NotArithmetic("power of a vector")
            return base.power(exponent)
        return base

    def group(self) -> Value:
        """A braced group or a single atom, as a TeX argument."""
        if self.peek() == "{":
            self.take()
            value = self.expr()
            self.take("}")
            return value
        t = self.take()
        if t.kind == "num":
            return shown(t.text)
        raise NotArithmetic(f"argument {t.text}")

    def atom(self) -> Value:
        p = self.peek()
        if p is None:
            raise NotArithmetic("empty")
        t = self.toks[self.i]
        if t.kind == "num":
            self.take()
            return shown(t.text)
        if p in OPEN:
            self.take()
            first = self.expr()
            if self.peek() == "," and p == "(":  # a vector (a, b, c)
                items = [first]
                while self.peek() == ",":
                    self.take()
                    items.append(self.expr())
                self.take(")")
                if not all(isinstance(x, Num) for x in items):
                    raise NotArithmetic("nested vector")
                return Array([[x] for x in items])
            self.take(OPEN[p])
            return first
        if p == "{":
            return self.group()
        if p in (r"\frac", r"\tfrac", r"\dfrac"):
            self.take()
            top, bottom = self.group(), self.group()
            if not (isinstance(top, Num) and isinstance(bottom, Num)):
                raise NotArithmetic("fraction of vectors")
            return top / bottom
        if p == r"\sqrt":
            self.take()
            if self.peek() == "[":
                raise NotArithmetic("n-th root")
            radicand = self.group()
            if not isinstance(radicand, Num):
                raise NotArithmetic("root of a vector")
            return radicand.sqrt()
        if p == r"\begin":
            return self.matrix()
        raise NotArithmetic(f"symbol {p}")

    def matrix(self) -> Array:
        self.take(r"\begin")
        self.take("{")
        name = ""
        while self.peek() not in ("}", None):
            name += self.take().text
        self.take("}")
        if name not in MATRICES:
            raise NotArithmetic(f"environment {name}")
        rows, row = [], []
        while True:
            if self.peek() == r"\end":
                self.take()
                self.i = skip_group(self.toks, self.i)
                break
            entry = self.expr()
            if not isinstance(entry, Num):
                raise NotArithmetic("matrix of vectors")
            row.append(entry)
            if self.peek() == "&":
                self.take()
            elif self.peek() == r"\\":
                self.take()
                rows.append(row)
                row = []
        if row:
            rows.append(row)
        return Array(rows)


# --- chains of relations -----------------------------------------------------------------


@dataclass
class Relation:
    """Two neighbouring arithmetic sides of a formula and the relation between them."""

    left: str
    relation: str  # "=", "≈", "<", ...
    right: str
    at: int  # offset of the left side in the formula
    lvalue: Value
    rvalue: Value

    def holds(self) -> bool:
        """True if the relation holds for the digits shown (see the module's docstring)."""
        left, right = entries(self.lvalue), entries(self.rvalue)
        if len(left) != len(right):
            return False
        for a, b in zip(left, right):
            noise = 1e-9 * max(1.0, abs(a.value), abs(b.value))
            gap = a.half + b.half + noise
            if not {
                "=": abs(a.value - b.value) <= gap,
                "≈": a.lo - b.hi <= noise and b.lo - a.hi <= noise,
                "<": a.value - b.value < gap,
                "≤": a.value - b.value <= gap,
                ">": b.value - a.value < gap,
                "≥": b.value - a.value <= gap,
            }[self.relation]:
                return False
        return True

    def describe(self) -> str:
        return f"{self.left} {self.relation} {self.right}"


def entries(value: Value) -> list[Num]:
    return value.entries() if isinstance(value, Array) else [value]


def chains(toks: list[Token]) -> list[list[list[Token] | str]]:
    """Split a formula's tokens into chains [side, relation, side, ...] at the top level.

    Rows of aligned environments continue the chain when they start with a relation (&= ...),
    and the alignment marks & are dropped; separators (commas, \\quad, text) end a chain.
    """
    result: list[list] = []
    chain: list = [[]]
    depth = 0
    i = 0
    env: list[str] = []

    def end_chain():
        nonlocal chain
        if chain != [[]]:
            result.append(chain)
        chain = [[]]

    while i < len(toks):
        t = toks[i]
        if t.text == r"\begin" or t.text == r"\end":
            j = skip_group(toks, i + 1)
            name = "".join(x.text for x in toks[i + 2:j - 1])
            if name in ROWS:
                if t.text == r"\begin":
                    env.append(name)
                    if name in ("array", "alignedat"):
                        j = skip_group(toks, j)  # its column spec or count
                elif env:
                    env.pop()
                end_chain() if t.text == r"\end" else None
                i = j
                continue
            if name in MATRICES:
                depth += 1 if t.text == r"\begin" else -1
            chain[-1] += toks[i:j]
            i = j
            continue
        if t.text in ("{",) or t.text in OPEN:
            depth += 1
        elif t.text in ("}",) or t.text in OPEN.values():
            depth -= 1
        if depth == 0 and t.text == "&" and env:
            i += 1
            continue
        if depth == 0 and t.text == r"\\":
            k = i + 1
            while k < len(toks) and toks[k].text in ("&", r"\quad", r"\qquad"):
                k += 1  # a row that starts with a relation or an operation goes on
            if k < len(toks) and toks[k].text in {"+", "-"} | TIMES:
                pass  # the side goes on in the next row
            elif not (k < len(toks) and toks[k].text in RELATIONS):
                end_chain()
            i = k
            continue
        if depth == 0 and t.text in RELATIONS:
            chain += [RELATIONS[t.text], []]
            i += 1
            continue
        if depth == 0 and (t.text in SEPARATORS or t.text == "." and i == len(toks) - 1):
            end_chain()
            if t.text in (r"\text", r"\mathrm", r"\textrm", r"\textit", r"\tag"):
                i = skip_group(toks, i + 1)
            else:
                i += 1
            continue
        chain[-1].append(t)
        i += 1
    end_chain()
    return result


def relations(tex: str) -> list[Relation]:
    """Every pair of neighbouring arithmetic sides in the formula, with its relation."""
    found = []
    if not (DIGIT.search(tex) and RELATION.search(tex)):
        return found  # most inline math: nothing to read
    for chain in chains(strip(tokens(tex))):
        values = []
        for side in chain[::2]:
            try:
                values.append(Parser(side).side() if side else None)
            except (NotArithmetic, ZeroDivisionError, OverflowError):
                values.append(None)
        for k, relation in enumerate(chain[1::2]):
            left, right = chain[2 * k], chain[2 * k + 2]
            a, b = values[k], values[k + 1]
            if a is not None and b is not None and relation in CHECKED:
                found.append(Relation(text_of(tex, left), relation, text_of(tex, right), left[0].at, a, b))
    return found


def text_of(tex: str, side: list[Token]) -> str:
    start, end = side[0].at, side[-1].at + len(side[-1].text)
    return " ".join(tex[start:end].split())
