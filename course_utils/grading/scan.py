"""A scan of the code a learner wrote, for the self-check's notes; it decides no grade.

Grades are protected by where code runs (course_utils/grading/trusted.py), not by reading it, so
nothing here costs a point. `python -m course_utils.check` uses `answer_findings` to tell a learner that
an exercise calls the course's own answers (the reference modules the setup cell imports for the
tests), which earns nothing when graded because those answers are not there. OutputBudget caps what a
cell may print in the self-check's kernel.
"""

import ast
import builtins
import importlib.util
from dataclasses import dataclass

from traitlets import Integer
from traitlets.config import LoggingConfigurable

# Modules a learner's exercise code may import (and their submodules). Everything else, os, sys,
# subprocess, pathlib, IPython, builtins, importlib, ctypes, gc, inspect, types, pickle, ..., is
# flagged: no exercise needs it, and it is how code reaches the grading machinery or the disk.
ALLOWED_MODULES = (
    "numpy", "math", "cmath", "random", "itertools", "functools", "collections", "operator", "heapq",
    "bisect", "statistics", "string", "re", "typing", "dataclasses", "copy", "numbers", "fractions",
    "decimal", "enum", "abc", "time", "warnings", "pprint", "textwrap", "unicodedata",
    "course_utils", "matplotlib",
)
# Builtins that run code from strings, reach into namespaces, or read files.
FORBIDDEN_CALLS = (
    "exec", "eval", "compile", "__import__", "globals", "locals", "vars", "setattr", "delattr", "open",
    "breakpoint", "get_ipython",
)
# Dunder names that lead from an object to the code, namespace or class hierarchy behind it.
FORBIDDEN_DUNDERS = (
    "__builtins__", "__import__", "__code__", "__globals__", "__closure__", "__defaults__",
    "__kwdefaults__", "__subclasses__", "__bases__", "__base__", "__mro__", "__setattr__",
    "__delattr__", "__getattribute__", "__func__", "__self__", "__loader__", "__spec__", "__reduce__",
    "__reduce_ex__", "__wrapped__", "__traceback__", "__frame__", "f_globals", "f_locals", "f_back",
    "gi_frame", "cr_frame", "tb_frame",
)
# Dunder names that are harmless on a learner's own objects, but not on a module (np.__dict__) or on a
# literal (().__class__): flagged there only.
MODULE_DUNDERS = ("__dict__", "__class__")
# Attributes of allowed modules that read or write files (np.loadtxt("../../../solutions/...")).
FORBIDDEN_MODULE_ATTRIBUTES = (
    "load", "loads", "loadtxt", "genfromtxt", "fromfile", "fromregex", "memmap", "save", "savez",
    "savez_compressed", "savetxt", "tofile", "DataSource", "ctypeslib", "imread",
)
# IPython magics that only time or display things; any other magic, and `!shell`, is flagged.
ALLOWED_MAGICS = ("time", "timeit", "matplotlib", "precision")

# The course's own package: its modules hold the reference answers.
PACKAGE = "course_utils"

TRUNCATED = "\n... [output cut by the grader: more than {limit:,} bytes] ...\n"


@dataclass(frozen=True)
class Finding:
    """One thing a learner's cell does that touches the grading machinery."""

    cell_index: int  # index of the code cell in the notebook
    grade_id: str  # the cell's nbgrader grade_id, or "" for a cell the learner added
    line: int  # line in the cell (1-based)
    what: str  # e.g. "rebinds `check_close`, which the tests use"

    def where(self):
        cell = f"cell {self.cell_index}" + (f" ({self.grade_id})" if self.grade_id else " (a cell you added)")
        return f"{cell}, line {self.line}"

    def sentence(self):
        return f"{self.where()} {self.what}"


# ---------------------------------------------------------------------------------------------
# The scan
# ---------------------------------------------------------------------------------------------


def _parse(source):
    """The cell as a Python AST, IPython syntax (magics, !shell) translated first; None if invalid."""
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))
    except Exception:  # noqa: BLE001 -- the cell does not run either; nothing to look at
        return None


def _top_module(name):
    return name.split(".")[0]


def _is_module(qualified, allowed):
    """Whether `from A import B` binds a module (A.B). Looks up only allowed modules, so the grader never
    imports a module a learner named."""
    if _top_module(qualified) not in allowed:
        return False
    try:
        return importlib.util.find_spec(qualified) is not None
    except (ImportError, AttributeError, ValueError):
        return False


def _imports(tree, allowed):
    """[(bound name, origin, is a module, node)] for every import statement in `tree`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found.append((alias.asname, alias.name, True, node))
                else:
                    found.append((_top_module(alias.name), _top_module(alias.name), True, node))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name == "*":
                    continue
                qualified = f"{node.module}.{alias.name}"
                found.append((alias.asname or alias.name, qualified, _is_module(qualified, allowed), node))
    return found


def protected_names(locked_sources, allowed=ALLOWED_MODULES):
    """What the course's locked cells rely on: {name: origin} of their imports, {names bound to modules},
    and the builtins they read."""
    imported, modules, builtin_reads = {}, set(), set()
    for source in locked_sources:
        tree = _parse(source)
        if tree is None:
            continue
        for name, origin, is_module, _ in _imports(tree, allowed):
            imported[name] = origin
            if is_module:
                modules.add(name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and hasattr(builtins, node.id):
                builtin_reads.add(node.id)
    return imported, modules, builtin_reads


def _local_names(node):
    """Arguments and assigned names of a function or lambda (not of a class body)."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return set()
    arguments = node.args
    names = {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
    names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    body = node.body if isinstance(node.body, list) else [node.body]
    for statement in body:
        for child in ast.walk(statement):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
    return names


def _root(node):
    """The Name at the bottom of a.b.c / a[0].b / f(a).b, or the node where the chain stops."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node


class _Scanner(ast.NodeVisitor):
    def __init__(self, imported, modules, builtin_reads, allowed, tainted):
        self.imported, self.modules, self.builtin_reads = imported, modules, builtin_reads
        # The course's package modules that the locked cells import for their tests (`reference`):
        # they hold the answers.
        self.answers = {name for name in modules if _top_module(imported.get(name, "")) == PACKAGE}
        self.allowed, self.tainted = allowed, tainted
        self.findings = []  # (line, what)
        self.scope = []  # enclosing function/class/lambda nodes
        self.local_names = set()  # names local to the enclosing functions (arguments, assignments)
        self.globals_declared = set()

    def flag(self, node, what):
        self.findings.append((getattr(node, "lineno", 1), what))

    # -- names bound at module level ---------------------------------------------------------
    def _module_level(self, name):
        return not self.scope or name in self.globals_declared

    def _check_binding(self, node, name, origin=None):
        if not self._module_level(name):
            return
        if name in self.imported and origin != self.imported[name]:
            self.flag(node, f"rebinds `{name}`, which the course's tests use")
        elif name in self.builtin_reads and name not in self.imported:
            self.flag(node, f"rebinds the builtin `{name}`, which the course's tests use")

    def _check_target(self, target, node):
        if isinstance(target, ast.Name):
            self._check_binding(node, target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._check_target(element, node)
        elif isinstance(target, ast.Starred):
            self._check_target(target.value, node)
        elif isinstance(target, ast.Attribute):
            root = _root(target)
            if isinstance(root, ast.Name) and root.id in self.tainted:
                self.flag(node, f"changes `{ast.unparse(target)}`, part of a module the tests rely on")
            elif not isinstance(root, ast.Name):
                self.flag(node, f"changes `{ast.unparse(target)}`, an attribute of something it looked up")

    def visit_Assign(self, node):
        for target in node.targets:
            self._check_target(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._check_target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._check_target(node.target, node)
        self.generic_visit(node)

    def visit_NamedExpr(self, node):
        self._check_target(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self._check_target(target, node)
        self.generic_visit(node)

    def visit_For(self, node):
        self._check_target(node.target, node)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node):
        for item in node.items:
            if item.optional_vars is not None:
                self._check_target(item.optional_vars, node)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node):
        if node.name:
            self._check_binding(node, node.name)
        self.generic_visit(node)

    def visit_Global(self, node):
        self.globals_declared.update(node.names)

    def visit_Nonlocal(self, node):
        pass

    def _flag_answers_import(self, node, qualified):
        if qualified == f"{PACKAGE}.testing" or qualified.startswith(f"{PACKAGE}.testing."):
            self.flag(node, f"imports `{qualified}`, the course's checks, which exercise code may not touch")
            return
        self.flag(node, f"imports `{qualified}`: the course's package holds the answers, so exercise code "
                        "uses only what the notebook's locked cells import")

    def visit_Import(self, node):
        for alias in node.names:
            if _top_module(alias.name) not in self.allowed:
                self.flag(node, f"imports `{alias.name}`, which exercise code may not import")
            elif _top_module(alias.name) == PACKAGE:
                self._flag_answers_import(node, alias.name)
            name = alias.asname or _top_module(alias.name)
            self._check_binding(node, name, alias.name if alias.asname else _top_module(alias.name))

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if node.level or _top_module(module) not in self.allowed:
            self.flag(node, f"imports from `{'.' * node.level}{module}`, which exercise code may not import")
        for alias in node.names:
            if alias.name == "*":
                self.flag(node, f"imports * from `{module}`, which may rebind names the tests use")
                continue
            qualified = f"{module}.{alias.name}"
            if _top_module(module) == PACKAGE and self.imported.get(alias.asname or alias.name) != qualified:
                self._flag_answers_import(node, qualified)
            self._check_binding(node, alias.asname or alias.name, qualified)

    # -- definitions ---------------------------------------------------------------------------
    def _enter(self, node, name=None):
        if name is not None:
            self._check_binding(node, name)
        for decorator in getattr(node, "decorator_list", []):
            self.visit(decorator)
        saved = self.globals_declared, self.local_names
        self.globals_declared = set()
        self.local_names = self.local_names | _local_names(node)
        self.scope.append(node)
        for child in ast.iter_child_nodes(node):
            if child not in getattr(node, "decorator_list", []):
                self.visit(child)
        self.scope.pop()
        self.globals_declared, self.local_names = saved

    def visit_FunctionDef(self, node):
        self._enter(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._enter(node, node.name)

    def visit_Lambda(self, node):
        self._enter(node)

    # -- what code reads -----------------------------------------------------------------------
    def visit_Name(self, node):
        if node.id in self.answers and isinstance(node.ctx, ast.Load) and node.id not in self.local_names:
            self.flag(node, f"uses `{node.id}`, the course's own answers, which the notebook imports for its "
                            "tests only")
        elif node.id in FORBIDDEN_DUNDERS:
            self.flag(node, f"uses `{node.id}`")
        elif node.id in FORBIDDEN_CALLS and node.id not in self.imported:
            self.flag(node, f"uses `{node.id}`")

    def visit_Attribute(self, node):
        root = _root(node)
        if node.attr in FORBIDDEN_DUNDERS:
            self.flag(node, f"uses `.{node.attr}`")
        elif node.attr in MODULE_DUNDERS and (not isinstance(root, ast.Name) or root.id in self.tainted):
            self.flag(node, f"uses `{ast.unparse(node)}`")
        if (isinstance(root, ast.Name) and root.id in self.tainted and node.attr in FORBIDDEN_MODULE_ATTRIBUTES
                and not (root.id in self.imported and self.imported[root.id].startswith("course_utils"))):
            self.flag(node, f"uses `{ast.unparse(node)}`")
        self.generic_visit(node)

    def visit_Call(self, node):
        magic = _allowed_magic(node)
        if magic is not None:
            for code in magic:
                self.findings += [(node.lineno, what) for _, what in _scan_source(code, self)]
            for argument in node.args[1:]:
                self.visit(argument)
            return
        self.generic_visit(node)


def _allowed_magic(node):
    """For get_ipython().run_line_magic/run_cell_magic(NAME, ...) with NAME in ALLOWED_MAGICS: the code
    strings the magic runs; None for any other call."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("run_line_magic", "run_cell_magic")
            and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name)
            and func.value.func.id == "get_ipython" and node.args):
        return None
    name = node.args[0]
    if not (isinstance(name, ast.Constant) and name.value in ALLOWED_MAGICS):
        return None
    codes = [arg.value for arg in node.args[1:] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    return codes if len(codes) == len(node.args) - 1 else None


def _scan_source(source, parent):
    tree = _parse(source)
    if tree is None:
        return []
    scanner = _Scanner(parent.imported, parent.modules, parent.builtin_reads, parent.allowed, parent.tainted)
    scanner.visit(tree)
    return scanner.findings


def _tainted(trees, modules, allowed):
    """Names that hold a module, or something reached from one: the module aliases of the locked and
    learner cells, and names assigned from such an expression (`t = np.testing`, `t = getattr(np, n)`),
    to a fixed point."""
    tainted = set(modules)
    changed = True
    while changed:
        changed = False
        for tree in trees:
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.asname or _top_module(alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [name for name, _, is_module, _ in _imports(ast.Module([node], []), allowed) if is_module]
                elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                    value = node.value
                    if isinstance(value, ast.Call):
                        reaches = (isinstance(value.func, ast.Name) and value.func.id == "getattr" and value.args
                                   and isinstance(_root(value.args[0]), ast.Name) and _root(value.args[0]).id in tainted)
                    else:
                        reaches = isinstance(_root(value), ast.Name) and _root(value).id in tainted
                    if reaches:
                        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                        names = [t.id for t in targets if isinstance(t, ast.Name)]
                for name in names:
                    if name not in tainted:
                        tainted.add(name)
                        changed = True
    return tainted


def find_tampering(learner_cells, locked_sources, allowed_modules=ALLOWED_MODULES):
    """Findings, in notebook order, for the code cells a learner wrote.

    Inputs:
        learner_cells  -- [(cell index, grade_id or "", source)] of the cells the learner can write
        locked_sources -- [source] of the course's locked code cells (setup, tests, demos)
        allowed_modules -- top-level modules exercise code may import
    Output:
        list of Finding
    """
    allowed = tuple(allowed_modules)
    imported, modules, builtin_reads = protected_names(locked_sources, allowed)
    trees = [_parse(source) for _, _, source in learner_cells]
    locked_trees = [tree for tree in (_parse(source) for source in locked_sources) if tree is not None]
    tainted = _tainted([tree for tree in trees if tree is not None] + locked_trees, modules, allowed)
    findings = []
    for (index, grade_id, _), tree in zip(learner_cells, trees):
        if tree is None:
            continue
        scanner = _Scanner(imported, modules, builtin_reads, allowed, tainted)
        scanner.visit(tree)
        seen = set()
        for line, what in sorted(scanner.findings):
            if (line, what) not in seen:
                seen.add((line, what))
                findings.append(Finding(index, grade_id or "", line, what))
    return findings


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def notebook_cells(notebook):
    """(learner cells, locked sources) of a parsed notebook, judged by its own nbgrader metadata: locked
    cells are those with a grade_id that are locked or graded and not solution cells."""
    learner, locked = [], []
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        meta = _nbgrader(cell)
        trusted = meta.get("grade_id") and not meta.get("solution") and (meta.get("locked") or meta.get("grade"))
        if trusted:
            locked.append(_source(cell))
        else:
            learner.append((index, meta.get("grade_id", ""), _source(cell)))
    return learner, locked


def scan_notebook(notebook, allowed_modules=ALLOWED_MODULES):
    """find_tampering() over a parsed notebook, trusting its own metadata (for the learner's self-check)."""
    learner, locked = notebook_cells(notebook)
    return find_tampering(learner, locked, allowed_modules)


def answer_findings(notebook, allowed_modules=ALLOWED_MODULES):
    """The findings of scan_notebook that are about the course's own answers (see the module doc)."""
    return [f for f in scan_notebook(notebook, allowed_modules) if "answers" in f.what]


def _output_size(out):
    kind = out.get("output_type")
    if kind == "stream":
        return len(out.get("text", ""))
    if kind == "error":
        return len(out.get("evalue", "")) + sum(len(line) for line in out.get("traceback", []))
    return sum(len(value) if isinstance(value, str) else len(str(value)) for value in out.get("data", {}).values())


class OutputBudget(LoggingConfigurable):
    """Mixin for nbclient clients (nbgrader's Execute, nbclient's NotebookClient): caps cell outputs."""

    max_cell_output_bytes = Integer(
        1_000_000, help="Characters of output one cell may keep; the rest is cut (errors are kept, shortened)."
    ).tag(config=True)
    max_notebook_output_bytes = Integer(
        10_000_000, help="Characters of output the whole notebook may keep."
    ).tag(config=True)
    max_error_bytes = Integer(20_000, help="Characters kept of an error's message and traceback.").tag(config=True)

    def _reset_budget(self):
        self._cell_bytes, self._notebook_bytes, self._cut = {}, 0, set()

    def _room(self, cell_index):
        if not hasattr(self, "_cell_bytes"):
            self._reset_budget()
        return min(self.max_cell_output_bytes - self._cell_bytes.get(cell_index, 0),
                   self.max_notebook_output_bytes - self._notebook_bytes)

    def _spend(self, cell_index, size):
        self._cell_bytes[cell_index] = self._cell_bytes.get(cell_index, 0) + size
        self._notebook_bytes += size

    def _shorten_error(self, out):
        limit = self.max_error_bytes
        if len(out.get("evalue", "")) > limit:
            out["evalue"] = out["evalue"][:limit] + TRUNCATED.format(limit=limit)
        kept, total = [], 0
        for line in out.get("traceback", []):
            if total + len(line) > limit:
                kept.append(line[: max(0, limit - total)] + TRUNCATED.format(limit=limit))
                break
            kept.append(line)
            total += len(line)
        out["traceback"] = kept

    def _limit(self, outs, out, cell_index):
        """Keep `out` (just appended to `outs`) within budget; returns what is kept, or None."""
        size = _output_size(out)
        room = self._room(cell_index)
        if size <= room:
            self._spend(cell_index, size)
            return out
        kind = out.get("output_type")
        if kind == "error":
            self._shorten_error(out)
            self._spend(cell_index, _output_size(out))
            return out
        limit = min(self.max_cell_output_bytes, self.max_notebook_output_bytes)
        if kind == "stream":
            if room > 0 or cell_index not in self._cut:
                out["text"] = out.get("text", "")[: max(room, 0)] + (
                    "" if cell_index in self._cut else TRUNCATED.format(limit=limit))
                self._cut.add(cell_index)
                self._spend(cell_index, _output_size(out))
                return out
            if outs and outs[-1] is out:
                outs.pop()
            return None
        out["data"] = {"text/plain": TRUNCATED.format(limit=limit).strip()}
        out["metadata"] = {}
        self._cut.add(cell_index)
        self._spend(cell_index, _output_size(out))
        return out

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None:
            return None
        return self._limit(outs, out, cell_index)

    def enforce_budget(self, nb):
        """The same caps over a whole executed notebook (covers update_display_data and friends)."""
        self._reset_budget()
        for index, cell in enumerate(nb.cells):
            if cell.get("cell_type") != "code":
                continue
            outputs = []
            for out in cell.get("outputs", []):
                outputs.append(out)
                self._limit(outputs, out, index)
            cell["outputs"] = outputs
