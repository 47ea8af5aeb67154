"""The course's own answers, and the copy of the package a submission is graded with, which lacks them.

In the worker, every course_utils function that answers an exercise of the assignment being graded, or
of a later one (whose course versions build on this one's), raises instead: a function of the same name
as the exercise anywhere in the package, and the functions below that answer it under another name. The helpers an exercise is meant to use stay (05 calls
`rnn_forward`, an exercise of 03). The copy is rewritten from the source, so the answer is not in the
sandbox at all, not even as a file to read.
"""

import ast
import atexit
import shutil
import tempfile
from pathlib import Path

# exercise -> functions ("module.function" or "module.Class.method") that compute its answer under
# another name; functions named like the exercise are found without being listed.
ANSWERS = {
    "01_sequences_one_hot": {
        "build_vocabulary": ["text.Vocabulary.from_corpus"],
        "sentence_to_indices": ["text.Vocabulary.encode"],
        "one_hot_batch": ["text.one_hot", "rnn_types.decoder_inputs"],
        "decode_batch": ["text.one_hot_decode", "text.Vocabulary.decode"],
    },
    "02_rnn_cell": {"cell_forward_concat": ["rnn.rnn_cell_forward_concat"]},
    "03_forward_pass": {"cross_entropy_loss": ["losses.cross_entropy"]},
    "04_bptt": {"output_layer_backward": ["rnn.rnn_output_backward"], "numerical_gradient": ["gradcheck.gradient_check"]},
    "07_word_embeddings": {"embed": ["embeddings.embedding_forward"], "nearest_neighbours": ["embeddings.most_similar"]},
    "08_char_language_model": {"encode_name": ["char_lm.encode_names"], "sample": ["char_lm.sample_names"],
                               "bigram_probabilities": ["ngram.ngram_probabilities"]},
    "09_gated_rnns": {"gru_cell_forward": ["gated.gru_forward"], "gru_cell_backward": ["gated.gru_backward"],
                      "lstm_forward": ["gated_training.forward"],
                      "lstm_backward": ["gated_training.backward", "gated_training.sequence_loss_and_gradients"]},
    "10_attention_and_decoding": {"attention_forward": ["attention._attend"],
                                  "attention_backward": ["attention._attend_backward"],
                                  "attention_decoder_forward": ["attention.attention_decoder_step"],
                                  "corpus_bleu": ["bleu.modified_precisions", "bleu.brevity_penalty"]},
}

MESSAGE = ("{qualified} is the course's answer to `{exercise}`, an exercise of this assignment: when the "
           "notebook is graded, it is not available; write the exercise yourself")


def _modules(package):
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def answer_functions(assignment, exercises, package):
    """{(module path relative to package, qualified name in module): exercise} to replace."""
    wanted = {}
    listed = [(e, n) for a in sorted(ANSWERS) if a >= assignment for e, n in ANSWERS[a].items()]  # later ones too
    for exercise, names in listed:
        for name in names:
            module, qualified = name.split(".", 1)
            wanted[(f"{module.replace('.', '/')}.py", qualified)] = exercise
    for path in _modules(package):
        relative = path.relative_to(package).as_posix()
        if relative.startswith("grading/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in exercises:
                wanted[(relative, node.name)] = node.name
    return wanted


class _Stub(ast.NodeTransformer):
    def __init__(self, targets):
        self.targets, self.scope, self.done = targets, [], set()

    def _visit_def(self, node):
        qualified = ".".join(self.scope + [node.name])
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()
        if qualified not in self.targets:
            return node
        self.done.add(qualified)
        message = MESSAGE.format(qualified=f"course_utils.{self.module}.{qualified}", exercise=self.targets[qualified])
        body = ast.parse(f"raise NotImplementedError({message!r})").body
        if isinstance(node, ast.ClassDef):  # the class stays a class; making one raises
            body = ast.parse(f"def __init__(self, *args, **kwargs):\n    raise NotImplementedError({message!r})").body
        node.body = body
        node.decorator_list = [d for d in node.decorator_list if not isinstance(d, ast.Name) or d.id in
                               ("staticmethod", "classmethod")]
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _visit_def


def write_stub_package(package, target, assignment, exercises):
    """Copy `package` to `target` with the answers of `assignment` replaced (see module doc)."""
    package, target = Path(package), Path(target)
    shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data"))
    by_module = {}
    for (module, qualified), exercise in answer_functions(assignment, set(exercises), package).items():
        by_module.setdefault(module, {})[qualified] = exercise
    for module, targets in by_module.items():
        path = target / module
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stub = _Stub(targets)
        stub.module = module[:-3].replace("/", ".")
        tree = ast.fix_missing_locations(stub.visit(tree))
        missing = set(targets) - stub.done
        if missing:
            raise LookupError(f"answers.ANSWERS names {sorted(missing)} in course_utils/{module}, which has none")
        path.write_text(ast.unparse(tree) + "\n", encoding="utf-8")
    (target / "data").mkdir(exist_ok=True)
    return target


_CACHE = {}


def stub_package(assignment, exercises, package=None):
    """A stub copy of the course package for `assignment`, made once per process (in a temporary folder)."""
    from course_utils.grading.sandbox import package_dir

    package = Path(package or package_dir())
    key = (str(package), assignment, tuple(sorted(exercises)))
    if key not in _CACHE:
        folder = Path(tempfile.mkdtemp(prefix="course-stub-"))
        atexit.register(shutil.rmtree, folder, True)
        _CACHE[key] = write_stub_package(package, folder / "course_utils", assignment, exercises)
    return _CACHE[key]
