"""Blind evaluation set: plausible learner mistakes, and a few correct but unusual answers, for the graded
exercises of notebooks 01 to 06, 09 and 10.

How it was written. An outside helper read only the release notebooks (`notebooks/<a>/<a>.ipynb`: the
markdown, the setup cell and the exercise cells, skipping every cell graded as a test), the course text in
/work/shared/seed/, and the docstrings of course_utils/rnn.py, activations.py and text.py, plus the
docstrings (as `help()` shows them) of the helpers the notebooks import for the exercises (rnn_states,
encoder_view, decoder_view, decoder_inputs, initialize_encoder_decoder, direction,
initialize_bidirectional, sample_columns, cross_entropy, cross_entropy_backward). It also read, by
accident of orientation, the first 80 lines of CONTRIBUTING.md (general test conventions, no mistake list)
and saw the file names in tests/. It did NOT open anything in tests/ (the catalogue, tests/mistakes.py),
solutions/, the notebooks' test cells, course_utils/testing.py or course_utils/grading/, and did not run
the course's tests or nbgrader. The entries are therefore blind to what the tests check: this file is an
evaluation set for measuring how well the tests catch, and explain, mistakes nobody anticipated. It is not
a catalogue the tests are meant to be tuned to.

The 09 and 10 entries were added later by another outside helper under the same rules. It read only the
release notebooks 09_gated_rnns and 10_attention_and_decoding (markdown, setup cell and exercise cells,
every test cell skipped, read with a script that printed only those cells), the course text in
/work/shared/seed/, the docstrings of sigmoid, softmax, padding_mask, ngrams, encode and
initialize_attention_model, and, in tests/, only this file's first lines, the `Blind` class and a few
entries. It did NOT open tests/catalogue/, tests/mistakes.py, solutions/, course_utils/gated.py,
attention.py, bleu.py, testing.py or grading/, CONTRIBUTING.md or the test cells, and ran neither the
course's tests nor nbgrader. To settle which encoder state the attention decoder starts from, it called
course_utils.attention.encode once on a padded batch (the encoder does not hold its state on padding, and
b<0> is the state at lengths[i] - 1), so the decoder entries start from a[:, i, lengths[i] - 1]. Its
validation is the one described below, with these choices: lstm_forward's y_pred on a padded step is the
cell's own prediction (only the states are held); "easy" is m = 1, no padding, zero states and biases for
09, m = 1, T_q = 1, no padding for attention, k = 1 with every hypothesis ending before max_length for
beam_search, and one sentence pair of equal lengths with no repeated n-gram for corpus_bleu.
Measured once as written (benchmarks/results/blind_mistakes_09_10_before_fixes.json): 46 mistakes, all
lose points, 45 fail a visible test (attention_forward without the max shift lost a hidden point only), 41
say more than the generic sentence; the 5 correct answers keep full marks. The visible tests were then
changed for those 5 entries (a large-score check; which cache entry or gate path first goes wrong; the
softmax Jacobian's diagonal named), so from then on these 5 are no longer blind evidence.

Each entry is the WHOLE source of an exercise cell (grade_id = the nbgrader grade_id of the solution cell),
built from the release stub: the `raise NotImplementedError()` under `# YOUR CODE HERE` replaced by the
learner's code; the given lines kept, unless `why` says otherwise.

How the entries were checked. The helper wrote its own correct version of every exercise from the markdown
(not importing the course's answers), executed each source in a namespace made of the notebook's setup cell
(without its test and reference imports) plus the helper's own correct versions of the earlier exercises the
cell relies on, and compared the results on hand-made inputs with the helper's version, including whether
the inputs were left unchanged (the caches fed to 04's backward passes come from the helper's own forward
pass; those of 05 and 06 from course_utils' rnn_forward / rnn_states, which those exercises call anyway):
  - every "mistake" differs from the correct version (different values, shape, dtype, keys, an exception,
    or an input changed in place) on at least one reasonable input with m > 1, T_x > 1, non-zero initial
    states and biases, and padded sequences of unequal lengths where the exercise has them;
  - every "correct" entry agrees with it on all inputs tried (rtol 1e-5, atol 1e-7; all agree to about
    1e-14 or better except the two float32 variants, about 1e-7, and the nditer gradient check, whose theta
    is put back by arithmetic and so can differ from the original by one rounding, ~4e-16).
`wrong_on_easy` (mistakes only) says whether the mistake also shows on the "easy" inputs a learner would
first try: m = 1 or equal lengths (no padding), zero initial state, zero biases (initialize_parameters'
defaults), no ties / no reserved tokens / no unknown words, as fits the exercise. False means the slip only
shows on harder inputs, which is where a test has to look for it.
"""
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Blind:
    assignment: str          # e.g. "04_bptt"
    grade_id: str            # the nbgrader grade_id of the exercise (solution) cell
    kind: str                # "mistake" or "correct"
    why: str                 # one sentence, as the learner's tutor would say it
    source: str              # the whole cell source
    wrong_on_easy: Optional[bool] = None   # mistakes: does it also show on easy inputs? (None for "correct")

    @property
    def exercise(self):
        return self.grade_id

    def notebook(self):
        """(notebook file name, the solution notebook with this entry's source as its exercise cell)."""
        from nbgrader_course import nbgrader_meta, read_notebook, solution_notebooks

        path = solution_notebooks(self.assignment)[0]
        notebook = read_notebook(path)
        cells = [c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == self.grade_id]
        if len(cells) != 1:
            raise ValueError(f"{path.name} has {len(cells)} cells {self.grade_id!r}, expected 1")
        cells[0]["source"] = self.source
        return path.name, notebook


BLIND = [
    Blind('01_sequences_one_hot', 'build_vocabulary', 'mistake',
          'Counter.most_common breaks ties by first appearance in the text, not alphabetically as asked.',
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    from collections import Counter
    counts = Counter()
    for sentence in sentences:
        counts.update(t for t in tokenize(sentence) if t not in (UNK, EOS))
    word_to_index = {UNK: 0, EOS: 1}
    for word, _ in counts.most_common():
        if max_size is not None and len(word_to_index) >= max_size:
            break
        word_to_index[word] = len(word_to_index)
    return word_to_index''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'build_vocabulary', 'mistake',
          'max_size is applied to the words alone, so the vocabulary ends up two entries larger than max_size (the reserved tokens are part of the budget).',
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    counts = {}
    for sentence in sentences:
        for token in tokenize(sentence):
            if token not in (UNK, EOS):
                counts[token] = counts.get(token, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    if max_size is not None:
        words = words[:max_size]
    word_to_index = {UNK: 0, EOS: 1}
    for i, word in enumerate(words):
        word_to_index[word] = i + 2
    return word_to_index''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'build_vocabulary', 'mistake',
          'Sorting on (count, word) with reverse=True puts the most frequent first but breaks ties in reverse alphabetical order.',
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    counts = {}
    for sentence in sentences:
        for token in tokenize(sentence):
            if token not in (UNK, EOS):
                counts[token] = counts.get(token, 0) + 1
    words = sorted(counts, key=lambda w: (counts[w], w), reverse=True)
    if max_size is not None:
        words = words[: max_size - 2]
    word_to_index = {UNK: 0, EOS: 1}
    for word in words:
        word_to_index[word] = len(word_to_index)
    return word_to_index''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'build_vocabulary', 'mistake',
          "The reserved tokens are not skipped: a '<EOS>' or '<UNK>' written in the text is counted as a word and its index is overwritten, leaving a hole in the indices.",
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    counts = {}
    for sentence in sentences:
        for token in tokenize(sentence):
            counts[token] = counts.get(token, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    if max_size is not None:
        words = words[: max_size - 2]
    word_to_index = {UNK: 0, EOS: 1}
    for i, word in enumerate(words):
        word_to_index[word] = i + 2
    return word_to_index''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'build_vocabulary', 'mistake',
          "Splitting on spaces instead of calling tokenize keeps capitals and glues punctuation to words ('store.' and 'Store' become words of their own).",
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    counts = {}
    for sentence in sentences:
        for token in sentence.split():
            if token not in (UNK, EOS):
                counts[token] = counts.get(token, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    if max_size is not None:
        words = words[: max_size - 2]
    word_to_index = {UNK: 0, EOS: 1}
    for word in words:
        word_to_index[word] = len(word_to_index)
    return word_to_index''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'build_vocabulary', 'correct',
          'Counter plus an explicit sort of (word, count) pairs on (-count, word), and a dict comprehension with enumerate(start=2).',
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    from collections import Counter
    counts = Counter(t for s in sentences for t in tokenize(s) if t not in {UNK, EOS})
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    if max_size is not None:
        ranked = ranked[: max(0, max_size - len(RESERVED))]
    return {**{w: i for i, w in enumerate(RESERVED)}, **{w: i for i, (w, _) in enumerate(ranked, start=2)}}''',
          wrong_on_easy=None),
    Blind('01_sequences_one_hot', 'build_vocabulary', 'correct',
          'Sorts twice (stable sort: alphabetically first, then by decreasing count), and stops adding at max_size.',
          '''def build_vocabulary(sentences, max_size=None):
    """Map each word of a corpus to an index.

    Inputs:
        sentences -- list of str
        max_size  -- int or None, the largest number of entries (<UNK> and <EOS> included)
    Output:
        word_to_index -- dict str -> int: "<UNK>": 0, "<EOS>": 1, then words by decreasing count
    """
    # YOUR CODE HERE
    counts = {}
    for sentence in sentences:
        for token in tokenize(sentence):
            if token == UNK or token == EOS:
                continue
            counts[token] = counts.get(token, 0) + 1
    words = sorted(counts)
    words.sort(key=counts.get, reverse=True)
    word_to_index = {UNK: 0, EOS: 1}
    for word in words:
        if max_size is not None and len(word_to_index) >= max_size:
            break
        word_to_index[word] = len(word_to_index)
    return word_to_index''',
          wrong_on_easy=None),
    Blind('01_sequences_one_hot', 'sentence_to_indices', 'mistake',
          'setdefault looks the word up but also adds every unknown word to word_to_index, changing the vocabulary it was told not to change.',
          '''def sentence_to_indices(sentence, word_to_index):
    """Encode a sentence as a list of indices.

    Inputs:
        sentence      -- str
        word_to_index -- dict str -> int, holding "<UNK>" and "<EOS>"
    Output:
        list of int, one per token, then the index of "<EOS>"
    """
    # YOUR CODE HERE
    unk = word_to_index[UNK]
    indices = [word_to_index.setdefault(token, unk) for token in tokenize(sentence)]
    return indices + [word_to_index[EOS]]''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'sentence_to_indices', 'mistake',
          'The index of <EOS> is never appended at the end.',
          '''def sentence_to_indices(sentence, word_to_index):
    """Encode a sentence as a list of indices.

    Inputs:
        sentence      -- str
        word_to_index -- dict str -> int, holding "<UNK>" and "<EOS>"
    Output:
        list of int, one per token, then the index of "<EOS>"
    """
    # YOUR CODE HERE
    indices = []
    for token in tokenize(sentence):
        if token in word_to_index:
            indices.append(word_to_index[token])
        else:
            indices.append(word_to_index[UNK])
    return indices''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'sentence_to_indices', 'mistake',
          "sentence.split() does not lower-case or separate punctuation, so 'Harry' and 'store.' are looked up as unknown words.",
          '''def sentence_to_indices(sentence, word_to_index):
    """Encode a sentence as a list of indices.

    Inputs:
        sentence      -- str
        word_to_index -- dict str -> int, holding "<UNK>" and "<EOS>"
    Output:
        list of int, one per token, then the index of "<EOS>"
    """
    # YOUR CODE HERE
    unk = word_to_index[UNK]
    return [word_to_index.get(word, unk) for word in sentence.split()] + [word_to_index[EOS]]''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'sentence_to_indices', 'mistake',
          'Unknown words are dropped instead of being mapped to the index of <UNK>, so the sequence gets shorter.',
          '''def sentence_to_indices(sentence, word_to_index):
    """Encode a sentence as a list of indices.

    Inputs:
        sentence      -- str
        word_to_index -- dict str -> int, holding "<UNK>" and "<EOS>"
    Output:
        list of int, one per token, then the index of "<EOS>"
    """
    # YOUR CODE HERE
    indices = [word_to_index[token] for token in tokenize(sentence) if token in word_to_index]
    indices.append(word_to_index[EOS])
    return indices''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'sentence_to_indices', 'correct',
          'An explicit loop with try/except KeyError for unknown words.',
          '''def sentence_to_indices(sentence, word_to_index):
    """Encode a sentence as a list of indices.

    Inputs:
        sentence      -- str
        word_to_index -- dict str -> int, holding "<UNK>" and "<EOS>"
    Output:
        list of int, one per token, then the index of "<EOS>"
    """
    # YOUR CODE HERE
    indices = []
    for token in tokenize(sentence):
        try:
            indices.append(word_to_index[token])
        except KeyError:
            indices.append(word_to_index[UNK])
    indices.append(word_to_index[EOS])
    return indices''',
          wrong_on_easy=None),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'mistake',
          'Padding is not handled: the -1 entries index the last row, so every padding column gets a 1 in row V-1 instead of staying zero.',
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    m, T_x = index_batch.shape
    x = np.zeros((vocab_size, m, T_x))
    i, t = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    x[index_batch, i, t] = 1
    return x''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'mistake',
          'np.eye(V)[index_batch] has shape (m, T_x, V) and .T reverses all three axes, giving (V, T_x, m) instead of (V, m, T_x).',
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    x = np.eye(vocab_size)[index_batch]
    x[index_batch < 0] = 0
    return x.T''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'mistake',
          'The padding test index_batch > 0 also throws away index 0, so every <UNK> word becomes a zero column as if it were padding.',
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    m, T_x = index_batch.shape
    x = np.zeros((vocab_size, m, T_x))
    i, t = np.nonzero(index_batch > 0)
    x[index_batch[i, t], i, t] = 1.0
    return x''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'mistake',
          "Replacing the -1s with 0 in place changes the caller's index_batch (the result itself is right).",
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    m, T_x = index_batch.shape
    padding = index_batch < 0
    index_batch[padding] = 0
    x = np.zeros((vocab_size, m, T_x))
    i, t = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    x[index_batch, i, t] = 1.0
    x[:, padding] = 0.0
    return x''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'mistake',
          'The array is created with dtype=int, so the one-hot batch holds integers instead of the floats the network expects.',
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    m, T_x = index_batch.shape
    x = np.zeros((vocab_size, m, T_x), dtype=int)
    i, t = np.nonzero(index_batch != -1)
    x[index_batch[i, t], i, t] = 1
    return x''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'correct',
          'Indexes the columns of an identity matrix with one extra zero column at the end, so that -1 picks the zero column.',
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    table = np.concatenate([np.eye(vocab_size), np.zeros((vocab_size, 1))], axis=1)   # column -1 is all zeros
    return table[:, index_batch]''',
          wrong_on_easy=None),
    Blind('01_sequences_one_hot', 'one_hot_batch', 'correct',
          'Two Python loops over the batch and the steps.',
          '''def one_hot_batch(index_batch, vocab_size):
    """One-hot encode a padded batch of index sequences.

    Inputs:
        index_batch -- int array (m, T_x); -1 marks padding
        vocab_size  -- int V
    Output:
        x -- float array (V, m, T_x) with x[index_batch[i, t], i, t] = 1, zero columns for padding
    """
    # YOUR CODE HERE
    m, T_x = index_batch.shape
    x = np.zeros((vocab_size, m, T_x))
    for i in range(m):
        for t in range(T_x):
            k = int(index_batch[i, t])
            if k >= 0:
                x[k, i, t] = 1.0
    return x''',
          wrong_on_easy=None),
    Blind('01_sequences_one_hot', 'decode_batch', 'mistake',
          "Padding columns are not left out: their argmax is 0, so every padded sequence ends with '<UNK>' words.",
          '''def decode_batch(x, index_to_word):
    """Turn a one-hot batch back into words.

    Inputs:
        x             -- array (V, m, T_x) of one-hot columns; all-zero columns are padding
        index_to_word -- list of V str
    Output:
        list of m lists of str, padding left out
    """
    # YOUR CODE HERE
    indices = np.argmax(x, axis=0)
    return [[index_to_word[k] for k in row] for row in indices]''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'decode_batch', 'mistake',
          "Padding is detected as 'argmax == 0', which also drops every real <UNK> word.",
          '''def decode_batch(x, index_to_word):
    """Turn a one-hot batch back into words.

    Inputs:
        x             -- array (V, m, T_x) of one-hot columns; all-zero columns are padding
        index_to_word -- list of V str
    Output:
        list of m lists of str, padding left out
    """
    # YOUR CODE HERE
    indices = np.argmax(x, axis=0)
    return [[index_to_word[k] for k in row if k != 0] for row in indices]''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'decode_batch', 'mistake',
          'Stops at the <EOS> word and leaves it out: only padding should be left out.',
          '''def decode_batch(x, index_to_word):
    """Turn a one-hot batch back into words.

    Inputs:
        x             -- array (V, m, T_x) of one-hot columns; all-zero columns are padding
        index_to_word -- list of V str
    Output:
        list of m lists of str, padding left out
    """
    # YOUR CODE HERE
    indices = np.argmax(x, axis=0)
    words = []
    for i in range(x.shape[1]):
        sequence = []
        for t in range(x.shape[2]):
            if not x[:, i, t].any():
                break
            word = index_to_word[indices[i, t]]
            if word == EOS:
                break
            sequence.append(word)
        words.append(sequence)
    return words''',
          wrong_on_easy=False),
    Blind('01_sequences_one_hot', 'decode_batch', 'mistake',
          'The outer loop runs over the steps instead of the sequences, returning T_x lists (one per step) rather than m lists (one per sequence).',
          '''def decode_batch(x, index_to_word):
    """Turn a one-hot batch back into words.

    Inputs:
        x             -- array (V, m, T_x) of one-hot columns; all-zero columns are padding
        index_to_word -- list of V str
    Output:
        list of m lists of str, padding left out
    """
    # YOUR CODE HERE
    indices = np.argmax(x, axis=0)
    real = x.max(axis=0) > 0
    return [[index_to_word[indices[i, t]] for i in range(x.shape[1]) if real[i, t]] for t in range(x.shape[2])]''',
          wrong_on_easy=True),
    Blind('01_sequences_one_hot', 'decode_batch', 'correct',
          "np.nonzero on x moved to (m, T_x, V) lists the ones sequence by sequence and step by step; each word is appended to its sequence's list.",
          '''def decode_batch(x, index_to_word):
    """Turn a one-hot batch back into words.

    Inputs:
        x             -- array (V, m, T_x) of one-hot columns; all-zero columns are padding
        index_to_word -- list of V str
    Output:
        list of m lists of str, padding left out
    """
    # YOUR CODE HERE
    seq, _, word = np.nonzero(np.moveaxis(x, 0, -1))
    words = [[] for _ in range(x.shape[1])]
    for i, k in zip(seq, word):
        words[i].append(index_to_word[k])
    return words''',
          wrong_on_easy=None),
    Blind('01_sequences_one_hot', 'decode_batch', 'correct',
          'A loop over the sequences that reads each column and skips the all-zero ones.',
          '''def decode_batch(x, index_to_word):
    """Turn a one-hot batch back into words.

    Inputs:
        x             -- array (V, m, T_x) of one-hot columns; all-zero columns are padding
        index_to_word -- list of V str
    Output:
        list of m lists of str, padding left out
    """
    # YOUR CODE HERE
    m, T_x = x.shape[1], x.shape[2]
    out = []
    for i in range(m):
        sentence = []
        for t in range(T_x):
            column = x[:, i, t]
            if np.all(column == 0):
                continue
            sentence.append(index_to_word[int(np.argmax(column))])
        out.append(sentence)
    return out''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'softmax', 'mistake',
          'The sum runs over axis 1 (across the batch) instead of axis 0, so the rows, not the columns, sum to 1.',
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'softmax', 'mistake',
          'No maximum is subtracted: np.exp overflows for large scores and the result is nan.',
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    e = np.exp(z)
    return e / e.sum(axis=0, keepdims=True)''',
          wrong_on_easy=False),
    Blind('02_rnn_cell', 'softmax', 'mistake',
          'Subtracting the maximum of each row (axis 1) instead of each column changes every column by different amounts, so the shift no longer cancels.',
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'softmax', 'mistake',
          "z -= ... shifts the caller's array in place (the probabilities are right, the input is changed).",
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    z -= np.max(z, axis=0, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=0, keepdims=True)
    return z''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'softmax', 'mistake',
          'Subtracting the one global maximum of z keeps most columns right, but a column far below the maximum underflows to 0/0 = nan.',
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=0)''',
          wrong_on_easy=False),
    Blind('02_rnn_cell', 'softmax', 'correct',
          'Without keepdims: the (m,) maximum and sum broadcast against the (n_y, m) array along the right axis anyway.',
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    shifted = z - z.max(axis=0)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=0)''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'softmax', 'correct',
          'Through the log-sum-exp: exp(z - max - log(sum(exp(z - max)))).',
          '''def softmax(z):
    """Softmax over axis 0.

    Input:
        z -- array (n_y, m) of scores
    Output:
        array (n_y, m); each column is positive and sums to 1
    """
    # YOUR CODE HERE
    c = np.max(z, axis=0, keepdims=True)
    log_norm = c + np.log(np.sum(np.exp(z - c), axis=0, keepdims=True))
    return np.exp(z - log_norm)''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'mistake',
          'Waa.T is used instead of Waa (the transpose runs because Waa is square, but mixes up which unit feeds which).',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    a_next = np.tanh(Waa.T @ a_prev + Wax @ xt + ba)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=False),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'mistake',
          'The bias ba is left out of the state; with the zero biases of initialize_parameters nothing shows.',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    a_next = np.tanh(np.dot(Waa, a_prev) + np.dot(Wax, xt))
    yt_pred = softmax(np.dot(Wya, a_next) + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=False),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'mistake',
          'The prediction is normalised over the whole batch (one sum over all entries) instead of column by column; right only when m = 1.',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
    scores = Wya @ a_next + by
    yt_pred = np.exp(scores - scores.max()) / np.sum(np.exp(scores - scores.max()))
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=False),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'mistake',
          'sigmoid (imported in the setup cell) is used instead of tanh for the state.',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    a_next = sigmoid(Waa @ a_prev + Wax @ xt + ba)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'mistake',
          'The prediction is read from the previous state a_prev instead of the new state a_next.',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    yt_pred = softmax(Wya @ a_prev + by)
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'correct',
          'np.einsum for the three products.',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    z = np.einsum("ij,jm->im", Waa, a_prev) + np.einsum("ij,jm->im", Wax, xt) + ba
    a_next = np.tanh(z)
    yt_pred = softmax(np.einsum("ij,jm->im", Wya, a_next) + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'correct',
          'The concatenated form: one product of [Waa | Wax] with [a_prev; xt].',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    Wa = np.hstack([Waa, Wax])
    stacked = np.vstack([a_prev, xt])
    a_next = np.tanh(Wa @ stacked + ba)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'correct',
          "Computes the step in float32 (to save memory) and casts back to the input's dtype: equal to float64 only to about 1e-7 relative.",
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    z = (Waa.astype(np.float32) @ a_prev.astype(np.float32) + Wax.astype(np.float32) @ xt.astype(np.float32)
         + ba.astype(np.float32))
    a32 = np.tanh(z)
    scores = Wya.astype(np.float32) @ a32 + by.astype(np.float32)
    a_next = a32.astype(xt.dtype)
    yt_pred = softmax(scores.astype(np.float64)).astype(xt.dtype)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'rnn_cell_forward', 'correct',
          'Writes its own stable softmax inline instead of calling softmax.',
          '''def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the RNN, for a batch of m sequences.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state at step t-1
        parameters -- dict: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- array (n_a, m), the hidden state at step t
        yt_pred -- array (n_y, m), the prediction at step t (softmax over axis 0)
        cache   -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    # YOUR CODE HERE
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
    scores = Wya @ a_next + by
    scores = scores - scores.max(axis=0, keepdims=True)
    yt_pred = np.exp(scores) / np.exp(scores).sum(axis=0, keepdims=True)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'concatenated_form', 'mistake',
          'The blocks are stacked in the other order in both functions ([Wax | Waa] and [xt; a_prev]): the two agree with each other, but Wa is not [Waa | Wax] and a correct Wa gives a wrong state.',
          '''def stack_weights(Waa, Wax):
    """Wa = [Waa | Wax].

    Inputs:  Waa (n_a, n_a), Wax (n_a, n_x)
    Output:  Wa (n_a, n_a + n_x)
    """
    # YOUR CODE HERE
    return np.hstack((Wax, Waa))


def cell_forward_concat(xt, a_prev, Wa, ba):
    """a_next = tanh(Wa [a_prev; xt] + ba).

    Inputs:  xt (n_x, m), a_prev (n_a, m), Wa (n_a, n_a + n_x), ba (n_a, 1)
    Output:  a_next (n_a, m)
    """
    # YOUR CODE HERE
    return np.tanh(Wa @ np.vstack((xt, a_prev)) + ba)''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'concatenated_form', 'mistake',
          'stack_weights is right, but the input is stacked as [xt; a_prev], the opposite order to the blocks of Wa.',
          '''def stack_weights(Waa, Wax):
    """Wa = [Waa | Wax].

    Inputs:  Waa (n_a, n_a), Wax (n_a, n_x)
    Output:  Wa (n_a, n_a + n_x)
    """
    # YOUR CODE HERE
    return np.hstack((Waa, Wax))


def cell_forward_concat(xt, a_prev, Wa, ba):
    """a_next = tanh(Wa [a_prev; xt] + ba).

    Inputs:  xt (n_x, m), a_prev (n_a, m), Wa (n_a, n_a + n_x), ba (n_a, 1)
    Output:  a_next (n_a, m)
    """
    # YOUR CODE HERE
    stacked = np.concatenate([xt, a_prev])
    return np.tanh(Wa @ stacked + ba)''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'concatenated_form', 'mistake',
          'cell_forward_concat returns the pre-activation: the tanh is missing.',
          '''def stack_weights(Waa, Wax):
    """Wa = [Waa | Wax].

    Inputs:  Waa (n_a, n_a), Wax (n_a, n_x)
    Output:  Wa (n_a, n_a + n_x)
    """
    # YOUR CODE HERE
    return np.concatenate((Waa, Wax), axis=1)


def cell_forward_concat(xt, a_prev, Wa, ba):
    """a_next = tanh(Wa [a_prev; xt] + ba).

    Inputs:  xt (n_x, m), a_prev (n_a, m), Wa (n_a, n_a + n_x), ba (n_a, 1)
    Output:  a_next (n_a, m)
    """
    # YOUR CODE HERE
    return Wa @ np.concatenate((a_prev, xt), axis=0) + ba''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'concatenated_form', 'mistake',
          'np.concatenate without axis= stacks on axis 0 (one block on top of the other), which fails unless n_x = n_a and then gives a (2 n_a, n_a) matrix.',
          '''def stack_weights(Waa, Wax):
    """Wa = [Waa | Wax].

    Inputs:  Waa (n_a, n_a), Wax (n_a, n_x)
    Output:  Wa (n_a, n_a + n_x)
    """
    # YOUR CODE HERE
    return np.concatenate((Waa, Wax))


def cell_forward_concat(xt, a_prev, Wa, ba):
    """a_next = tanh(Wa [a_prev; xt] + ba).

    Inputs:  xt (n_x, m), a_prev (n_a, m), Wa (n_a, n_a + n_x), ba (n_a, 1)
    Output:  a_next (n_a, m)
    """
    # YOUR CODE HERE
    return np.tanh(Wa @ np.concatenate((a_prev, xt)) + ba)''',
          wrong_on_easy=True),
    Blind('02_rnn_cell', 'concatenated_form', 'correct',
          'Fills a preallocated Wa by slices, and stacks the input with np.r_.',
          '''def stack_weights(Waa, Wax):
    """Wa = [Waa | Wax].

    Inputs:  Waa (n_a, n_a), Wax (n_a, n_x)
    Output:  Wa (n_a, n_a + n_x)
    """
    # YOUR CODE HERE
    n_a = Waa.shape[0]
    Wa = np.zeros((n_a, n_a + Wax.shape[1]))
    Wa[:, :n_a] = Waa
    Wa[:, n_a:] = Wax
    return Wa


def cell_forward_concat(xt, a_prev, Wa, ba):
    """a_next = tanh(Wa [a_prev; xt] + ba).

    Inputs:  xt (n_x, m), a_prev (n_a, m), Wa (n_a, n_a + n_x), ba (n_a, 1)
    Output:  a_next (n_a, m)
    """
    # YOUR CODE HERE
    return np.tanh(Wa.dot(np.r_[a_prev, xt]) + ba)''',
          wrong_on_easy=None),
    Blind('02_rnn_cell', 'concatenated_form', 'correct',
          'np.block for the weights, and the product split back into its two blocks for the state.',
          '''def stack_weights(Waa, Wax):
    """Wa = [Waa | Wax].

    Inputs:  Waa (n_a, n_a), Wax (n_a, n_x)
    Output:  Wa (n_a, n_a + n_x)
    """
    # YOUR CODE HERE
    return np.block([[Waa, Wax]])


def cell_forward_concat(xt, a_prev, Wa, ba):
    """a_next = tanh(Wa [a_prev; xt] + ba).

    Inputs:  xt (n_x, m), a_prev (n_a, m), Wa (n_a, n_a + n_x), ba (n_a, 1)
    Output:  a_next (n_a, m)
    """
    # YOUR CODE HERE
    n_a = a_prev.shape[0]
    return np.tanh(Wa[:, :n_a] @ a_prev + Wa[:, n_a:] @ xt + ba)''',
          wrong_on_easy=None),
    Blind('03_forward_pass', 'rnn_forward', 'mistake',
          'a0 is passed to every step, so the state is never carried forward: each step starts again from a0.',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a0, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)''',
          wrong_on_easy=True),
    Blind('03_forward_pass', 'rnn_forward', 'mistake',
          'The state is stored before it is updated, so a[:, :, t] holds the state of the step before (a[:, :, 0] is a0) and the last state is lost.',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_prev = a0
    for t in range(T_x):
        a[:, :, t] = a_prev
        a_prev, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_prev, parameters)
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)''',
          wrong_on_easy=True),
    Blind('03_forward_pass', 'rnn_forward', 'mistake',
          'The loop starts from a zero state instead of a0; with a0 = 0 nothing shows.',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_next = np.zeros((n_a, m))
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)''',
          wrong_on_easy=False),
    Blind('03_forward_pass', 'rnn_forward', 'mistake',
          'range(T_x - 1) stops one step early: the last column of a and y_pred stays zero and one cache is missing.',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_next = a0
    for t in range(T_x - 1):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)''',
          wrong_on_easy=True),
    Blind('03_forward_pass', 'rnn_forward', 'mistake',
          'The caches are never appended, so the list handed to the backward pass is empty (a and y_pred are right).',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
    return a, y_pred, (caches, x)''',
          wrong_on_easy=True),
    Blind('03_forward_pass', 'rnn_forward', 'correct',
          'Collects the states and predictions in lists and stacks them on axis 2 at the end (rebinding a and y_pred).',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    states, predictions = [], []
    a_t = a0
    for xt in np.moveaxis(x, 2, 0):
        a_t, y_t, cache = rnn_cell_forward(xt, a_t, parameters)
        states.append(a_t)
        predictions.append(y_t)
        caches.append(cache)
    a = np.stack(states, axis=2)
    y_pred = np.stack(predictions, axis=2)
    return a, y_pred, (caches, x)''',
          wrong_on_easy=None),
    Blind('03_forward_pass', 'rnn_forward', 'correct',
          'A while loop over t, writing into the preallocated arrays with a[..., t].',
          '''def rnn_forward(x, a0, parameters):
    """The forward pass of the RNN over T_x steps, for a batch of m sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- array (n_a, m, T_x), a[:, :, t] is the state after step t
        y_pred -- array (n_y, m, T_x), the prediction at every step
        caches -- tuple (list of the T_x caches of rnn_cell_forward, x)
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    t = 0
    a_prev = a0.copy()
    while t < T_x:
        a_prev, y_t, cache = rnn_cell_forward(x[..., t], a_prev, parameters)
        a[..., t], y_pred[..., t] = a_prev, y_t
        caches += [cache]
        t += 1
    return a, y_pred, (caches, x)''',
          wrong_on_easy=None),
    Blind('03_forward_pass', 'cross_entropy_loss', 'mistake',
          'Each step is divided by the number of sequences still running instead of by m, as the formula asks.',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    rows, steps = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    picked = y_pred[np.where(mask, y, 0), rows, steps]
    log_p = np.where(mask, np.log(picked), 0.0)
    losses = -log_p.sum(axis=0) / np.maximum(mask.sum(axis=0), 1)
    L = losses.sum()
    return L, losses''',
          wrong_on_easy=False),
    Blind('03_forward_pass', 'cross_entropy_loss', 'mistake',
          'The mask is never used: padding labels -1 pick the last class, and those steps are scored as if they were real.',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    rows, steps = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    log_p = np.log(y_pred[y, rows, steps])
    losses = -log_p.sum(axis=0) / m
    L = losses.sum()
    return L, losses''',
          wrong_on_easy=False),
    Blind('03_forward_pass', 'cross_entropy_loss', 'mistake',
          'L is the mean of the per-step losses instead of their sum.',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    rows, steps = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    picked = y_pred[np.where(mask, y, 0), rows, steps]
    log_p = np.where(mask, np.log(picked), 0.0)
    losses = -np.sum(log_p, axis=0) / m
    L = np.mean(losses)
    return L, losses''',
          wrong_on_easy=True),
    Blind('03_forward_pass', 'cross_entropy_loss', 'mistake',
          'The -1 labels still index the last class and the log is multiplied by the mask afterwards: when that probability is 0 on a padded step, 0 * log(0) = nan.',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    rows, steps = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    log_p = np.log(y_pred[y, rows, steps]) * mask
    losses = -log_p.sum(axis=0) / m
    L = float(np.sum(losses))
    return L, losses''',
          wrong_on_easy=False),
    Blind('03_forward_pass', 'cross_entropy_loss', 'mistake',
          'The minus sign is missing: the losses are the (negative) sums of log-probabilities.',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    rows, steps = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    picked = y_pred[np.where(mask, y, 0), rows, steps]
    losses = np.sum(np.where(mask, np.log(picked), 0.0), axis=0) / m
    L = float(losses.sum())
    return L, losses''',
          wrong_on_easy=True),
    Blind('03_forward_pass', 'cross_entropy_loss', 'correct',
          'Two loops over t and i, skipping masked entries, and the mean over the batch written as a sum divided by m.',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    losses = np.zeros(T_x)
    for t in range(T_x):
        total = 0.0
        for i in range(m):
            if mask[i, t]:
                total += np.log(y_pred[y[i, t], i, t])
        losses[t] = -total / m
    L = float(np.sum(losses))
    return L, losses''',
          wrong_on_easy=None),
    Blind('03_forward_pass', 'cross_entropy_loss', 'correct',
          'np.take_along_axis on the class axis with the padding labels replaced by 0, then a mean over the batch axis of the masked log-probabilities (a mean over m entries is the sum divided by m).',
          '''def cross_entropy_loss(y_pred, y, mask):
    """The loss per step and the total loss.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels; -1 on padding
        mask   -- bool array (m, T_x), True on real steps
    Outputs:
        L      -- float, the sum over t of the losses
        losses -- array (T_x,), losses[t] = -(1/m) * sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    n_y, m, T_x = y_pred.shape
    # YOUR CODE HERE
    safe = np.where(mask, y, 0)
    picked = np.take_along_axis(y_pred, safe[np.newaxis], axis=0)[0]     # (m, T_x)
    log_p = np.zeros((m, T_x))
    log_p[mask] = np.log(picked[mask])
    losses = -log_p.mean(axis=0)
    L = losses.sum().item()
    return L, losses''',
          wrong_on_easy=None),
    Blind('04_bptt', 'rnn_cell_backward', 'mistake',
          'tanh is applied once more in the derivative: 1 - tanh(a_next)**2, but a_next is already tanh(z).',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = (1 - np.tanh(a_next) ** 2) * da_next
    dxt = Wax.T @ dz
    da_prev = Waa.T @ dz
    dWax = dz @ xt.T
    dWaa = dz @ a_prev.T
    dba = np.sum(dz, axis=1, keepdims=True)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_cell_backward', 'mistake',
          'da_prev uses Waa instead of its transpose (no shape error, Waa is square).',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = (1 - a_next ** 2) * da_next
    dxt = Wax.T @ dz
    da_prev = Waa @ dz
    dWax = dz @ xt.T
    dWaa = dz @ a_prev.T
    dba = np.sum(dz, axis=1, keepdims=True)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_cell_backward', 'mistake',
          'dba is averaged over the batch instead of summed; right only when m = 1.',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = (1 - a_next ** 2) * da_next
    dxt = Wax.T @ dz
    da_prev = Waa.T @ dz
    dWax = dz @ xt.T
    dWaa = dz @ a_prev.T
    dba = np.mean(dz, axis=1, keepdims=True)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=False),
    Blind('04_bptt', 'rnn_cell_backward', 'mistake',
          'dWaa is built from a_next instead of a_prev: the wrong entry of the cache.',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = (1 - a_next ** 2) * da_next
    dxt = Wax.T @ dz
    da_prev = Waa.T @ dz
    dWax = dz @ xt.T
    dWaa = dz @ a_next.T
    dba = np.sum(dz, axis=1, keepdims=True)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_cell_backward', 'mistake',
          'dba is summed without keepdims, so it has shape (n_a,) instead of (n_a, 1).',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = da_next * (1 - a_next * a_next)
    dxt = np.dot(Wax.T, dz)
    da_prev = np.dot(Waa.T, dz)
    dWax = np.dot(dz, xt.T)
    dWaa = np.dot(dz, a_prev.T)
    dba = np.sum(dz, axis=1)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_cell_backward', 'correct',
          'np.einsum for every product, and the bias gradient as a product with a column of ones.',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = np.einsum("am,am->am", 1 - a_next ** 2, da_next)
    dxt = np.einsum("ax,am->xm", Wax, dz)
    da_prev = np.einsum("ab,am->bm", Waa, dz)
    dWax = np.einsum("am,xm->ax", dz, xt)
    dWaa = np.einsum("am,bm->ab", dz, a_prev)
    dba = dz @ np.ones((dz.shape[1], 1))
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'rnn_cell_backward', 'correct',
          "A loop over the batch that adds up each example's outer products (float64 throughout).",
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    n_a, m = da_next.shape
    dz = (1.0 - np.square(a_next)) * da_next
    dxt = Wax.T @ dz
    da_prev = Waa.T @ dz
    dWax = np.zeros_like(Wax)
    dWaa = np.zeros_like(Waa)
    dba = np.zeros((n_a, 1))
    for i in range(m):
        dWax += np.outer(dz[:, i], xt[:, i])
        dWaa += np.outer(dz[:, i], a_prev[:, i])
        dba[:, 0] += dz[:, i]
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'rnn_cell_backward', 'correct',
          'Uses float32 for the intermediate dz (cast back to float64 for the results): equal to float64 only to about 1e-7 relative.',
          '''def rnn_cell_backward(da_next, cache):
    """Backward through one RNN step.

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    # YOUR CODE HERE
    dz = ((1 - a_next.astype(np.float32) ** 2) * da_next.astype(np.float32)).astype(np.float64)
    dxt = Wax.T @ dz
    da_prev = Waa.T @ dz
    dWax = dz @ xt.T
    dWaa = dz @ a_prev.T
    dba = dz.sum(axis=1, keepdims=True)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'gradient_check', 'mistake',
          'Each entry is left at theta - eps after its two calls: it is never put back, so theta ends changed and the later entries are differentiated at a shifted point.',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    for index in np.ndindex(theta.shape):
        old = theta[index]
        theta[index] = old + eps
        f_plus = f()
        theta[index] = old - eps
        f_minus = f()
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    numerator = np.linalg.norm(analytic - numeric)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if denominator == 0:
        return 0.0
    return float(numerator / denominator)''',
          wrong_on_easy=True),
    Blind('04_bptt', 'gradient_check', 'mistake',
          'The centred difference is divided by eps instead of 2 eps, so every numerical gradient is twice too large.',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    for index in np.ndindex(theta.shape):
        old = theta[index]
        theta[index] = old + eps
        f_plus = f()
        theta[index] = old - eps
        f_minus = f()
        theta[index] = old
        grad[index] = (f_plus - f_minus) / eps
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    numerator = np.linalg.norm(analytic - numeric)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if denominator == 0:
        return 0.0
    return float(numerator / denominator)''',
          wrong_on_easy=True),
    Blind('04_bptt', 'gradient_check', 'mistake',
          "The loop runs over theta.shape[0] and nudges theta[i], a whole row at once for a matrix: each row gets one number, the sum of its entries' gradients (right only for a 1-D theta).",
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    for i in range(theta.shape[0]):
        old = theta[i].copy()
        theta[i] = old + eps
        f_plus = f()
        theta[i] = old - eps
        f_minus = f()
        theta[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    numerator = np.linalg.norm(analytic - numeric)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if denominator == 0:
        return 0.0
    return float(numerator / denominator)''',
          wrong_on_easy=False),
    Blind('04_bptt', 'gradient_check', 'mistake',
          'The nudge is made on a copy of theta, which f never reads, so f does not change and every gradient comes out zero.',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    for index in np.ndindex(theta.shape):
        theta_plus = theta.copy()
        theta_plus[index] += eps
        theta_minus = theta.copy()
        theta_minus[index] -= eps
        f_plus = f()
        f_minus = f()
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    numerator = np.linalg.norm(analytic - numeric)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if denominator == 0:
        return 0.0
    return float(numerator / denominator)''',
          wrong_on_easy=True),
    Blind('04_bptt', 'gradient_check', 'mistake',
          'relative_error does not handle two zero gradients: 0 / 0 gives nan instead of 0.',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    for index in np.ndindex(theta.shape):
        old = theta[index]
        theta[index] = old + eps
        f_plus = f()
        theta[index] = old - eps
        f_minus = f()
        theta[index] = old
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    return np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))''',
          wrong_on_easy=False),
    Blind('04_bptt', 'gradient_check', 'mistake',
          'The denominator is the norm of the sum, ||analytic + numeric||, instead of the sum of the norms: gradients of opposite signs blow it up.',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    for index in np.ndindex(theta.shape):
        old = theta[index]
        theta[index] = old + eps
        f_plus = f()
        theta[index] = old - eps
        f_minus = f()
        theta[index] = old
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    denominator = np.linalg.norm(analytic + numeric)
    if denominator == 0:
        return 0.0
    return np.linalg.norm(analytic - numeric) / denominator''',
          wrong_on_easy=False),
    Blind('04_bptt', 'gradient_check', 'correct',
          'np.nditer with multi_index over theta, and the entry restored by arithmetic (+eps, -2 eps, +eps) rather than from a saved copy; relative_error from explicit sums of squares.',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    it = np.nditer(theta, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        theta[i] += eps
        f_plus = f()
        theta[i] -= 2 * eps
        f_minus = f()
        theta[i] += eps
        grad[i] = (f_plus - f_minus) / (2 * eps)
        it.iternext()
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    diff = np.sqrt(np.sum((analytic - numeric) ** 2))
    size = np.sqrt(np.sum(analytic ** 2)) + np.sqrt(np.sum(numeric ** 2))
    return 0.0 if size == 0 else diff / size''',
          wrong_on_easy=None),
    Blind('04_bptt', 'gradient_check', 'correct',
          'Works on flat views of theta and grad (reshape(-1) of a contiguous array is a view, so writes reach theta).',
          '''def numerical_gradient(f, theta, eps=1e-5):
    """Centred-difference gradient of f() with respect to every entry of theta.

    Inputs:
        f     -- function of no arguments returning a float; it reads theta
        theta -- float array of any shape (changed in place during the call, restored at the end)
        eps   -- float, the step
    Output:
        grad -- array of theta's shape
    """
    grad = np.zeros_like(theta)
    # YOUR CODE HERE
    flat_theta = theta.reshape(-1)
    flat_grad = grad.reshape(-1)
    for k in range(flat_theta.size):
        saved = flat_theta[k]
        flat_theta[k] = saved + eps
        up = f()
        flat_theta[k] = saved - eps
        down = f()
        flat_theta[k] = saved
        flat_grad[k] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 if both are 0."""
    # YOUR CODE HERE
    a, n = np.ravel(analytic), np.ravel(numeric)
    total = np.linalg.norm(a) + np.linalg.norm(n)
    if total == 0.0:
        return 0.0
    return float(np.linalg.norm(a - n) / total)''',
          wrong_on_easy=None),
    Blind('04_bptt', 'rnn_backward', 'mistake',
          'The loop runs forwards in time (t = 0 to T_x - 1), so each step receives the gradient of the step before it instead of the step after.',
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in range(T_x):
        g = rnn_cell_backward(da[:, :, t] + da_prevt, step_caches[t])
        dx[:, :, t] = g["dxt"]
        dWax += g["dWax"]
        dWaa += g["dWaa"]
        dba += g["dba"]
        da_prevt = g["da_prev"]
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_backward', 'mistake',
          'Only da[:, :, t] enters each step: the gradient flowing back from step t+1 (da_prevt) is never added.',
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        g = rnn_cell_backward(da[:, :, t], step_caches[t])
        dx[:, :, t] = g["dxt"]
        dWax += g["dWax"]
        dWaa += g["dWaa"]
        dba += g["dba"]
        da_prevt = g["da_prev"]
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_backward', 'mistake',
          "The weight gradients are overwritten at every step instead of added up, so only the first step's contribution is left.",
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        g = rnn_cell_backward(da[:, :, t] + da_prevt, step_caches[t])
        dx[:, :, t] = g["dxt"]
        dWax = g["dWax"]
        dWaa = g["dWaa"]
        dba = g["dba"]
        da_prevt = g["da_prev"]
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_backward', 'mistake',
          "The gradient from step t is pushed into da[:, :, t-1] in place, which changes the caller's da (the gradients themselves are right).",
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        g = rnn_cell_backward(da[:, :, t], step_caches[t])
        dx[:, :, t] = g["dxt"]
        dWax += g["dWax"]
        dWaa += g["dWaa"]
        dba += g["dba"]
        if t > 0:
            da[:, :, t - 1] += g["da_prev"]
        else:
            da0 = g["da_prev"]
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_backward', 'mistake',
          'Counting k = 0, 1, ... backwards, dx is stored at position k instead of at the step t = T_x - 1 - k it belongs to, so dx comes out reversed in time.',
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    for k in range(T_x):
        t = T_x - 1 - k
        g = rnn_cell_backward(da[:, :, t] + da_prevt, step_caches[t])
        dx[:, :, k] = g["dxt"]
        dWax += g["dWax"]
        dWaa += g["dWaa"]
        dba += g["dba"]
        da_prevt = g["da_prev"]
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'rnn_backward', 'correct',
          'A while loop from the last step down, keeping the step gradients in lists and adding them up with sum() at the end.',
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    t = T_x - 1
    parts = {"dWax": [], "dWaa": [], "dba": []}
    while t >= 0:
        step = rnn_cell_backward(da[..., t] + da_prevt, step_caches[t])
        dx[..., t] = step["dxt"]
        for key in parts:
            parts[key].append(step[key])
        da_prevt = step["da_prev"]
        t -= 1
    dWax, dWaa, dba = sum(parts["dWax"]), sum(parts["dWaa"]), sum(parts["dba"])
    da0 = da_prevt.copy()
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'rnn_backward', 'correct',
          'Iterates over the reversed list of caches with enumerate, and accumulates with np.add(..., out=...).',
          '''def rnn_backward(da, caches):
    """Backpropagation through time over a whole sequence.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x caches, x) from rnn_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a), "dba" (n_a, 1)
    """
    step_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    # YOUR CODE HERE
    for k, cache in enumerate(step_caches[::-1]):
        t = T_x - 1 - k
        da_next = da[:, :, t] + da_prevt
        grads = rnn_cell_backward(da_next, cache)
        dx[:, :, t] = grads["dxt"]
        np.add(dWax, grads["dWax"], out=dWax)
        np.add(dWaa, grads["dWaa"], out=dWaa)
        np.add(dba, grads["dba"], out=dba)
        da_prevt = grads["da_prev"]
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'output_layer_backward', 'mistake',
          'No mask at all: on padding the label -1 subtracts 1 from the last class and y_pred still counts, so padded steps send gradient.',
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    rows, steps = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    dz = y_pred.copy()
    dz[y, rows, steps] -= 1
    dz /= m
    dWya = np.einsum("ymt,amt->ya", dz, a)
    dby = dz.sum(axis=(1, 2))[:, None]
    da = np.einsum("ya,ymt->amt", Wya, dz)
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=False),
    Blind('04_bptt', 'output_layer_backward', 'mistake',
          'The 1/m of the loss is forgotten: every gradient is m times too large.',
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    dz = y_pred.copy()
    i, t = np.nonzero(mask)
    dz[y[i, t], i, t] -= 1
    dz *= mask[np.newaxis]
    dWya = np.einsum("ymt,amt->ya", dz, a)
    dby = dz.sum(axis=(1, 2))[:, None]
    da = np.einsum("ya,ymt->amt", Wya, dz)
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=False),
    Blind('04_bptt', 'output_layer_backward', 'mistake',
          'The one-hot of the labels is zero on padding, but y_pred is not masked: on padded steps dz = y_pred / m instead of 0.',
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    one_hot_y = np.zeros_like(y_pred)
    i, t = np.nonzero(y >= 0)
    one_hot_y[y[i, t], i, t] = 1
    dz = (y_pred - one_hot_y) / m
    dWya = np.einsum("ymt,amt->ya", dz, a)
    dby = dz.sum(axis=(1, 2))[:, None]
    da = np.einsum("ya,ymt->amt", Wya, dz)
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=False),
    Blind('04_bptt', 'output_layer_backward', 'mistake',
          "Inside the loop over t, dWya and dby are assigned instead of accumulated, so only the last step's contribution is kept.",
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    dz = y_pred.copy()
    i, t = np.nonzero(mask)
    dz[y[i, t], i, t] -= 1
    dz = dz * mask / m
    for s in range(T_x):
        dWya = dz[:, :, s] @ a[:, :, s].T
        dby = dz[:, :, s].sum(axis=1, keepdims=True)
        da[:, :, s] = Wya.T @ dz[:, :, s]
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'output_layer_backward', 'mistake',
          'dby is summed over the batch and time without keeping a column: shape (n_y,) instead of (n_y, 1).',
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    dz = y_pred.copy()
    i, t = np.nonzero(mask)
    dz[y[i, t], i, t] -= 1
    dz = dz * mask / m
    dWya = np.einsum("ymt,amt->ya", dz, a)
    dby = np.sum(dz, axis=(1, 2))
    da = np.einsum("ya,ymt->amt", Wya, dz)
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'output_layer_backward', 'correct',
          'Triple loop over steps and sequences, one column at a time, with the one-hot built from np.eye.',
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    dby = np.zeros((n_y, 1))
    eye = np.eye(n_y)
    for t in range(T_x):
        for i in range(m):
            if not mask[i, t]:
                continue
            dz_col = (y_pred[:, i, t] - eye[y[i, t]]) / m
            dWya += np.outer(dz_col, a[:, i, t])
            dby[:, 0] += dz_col
            da[:, i, t] = Wya.T @ dz_col
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'output_layer_backward', 'correct',
          'Reshapes to (n_y, m*T_x) to do each product once, with np.where for the mask.',
          '''def output_layer_backward(y_pred, y, mask, a, Wya):
    """Gradients of L = sum_t l<t> through the softmax output layer.

    Inputs:
        y_pred -- array (n_y, m, T_x), softmax outputs
        y      -- int array (m, T_x), true labels, -1 on padding
        mask   -- bool array (m, T_x), True on real steps
        a      -- array (n_a, m, T_x), the hidden states
        Wya    -- array (n_y, n_a)
    Output:
        dict "dWya" (n_y, n_a), "dby" (n_y, 1), "da" (n_a, m, T_x)
    """
    n_y, m, T_x = y_pred.shape
    dWya, da = np.zeros_like(Wya), np.zeros_like(a)
    # YOUR CODE HERE
    labels = np.where(mask, y, 0)
    onehot = (np.arange(n_y)[:, None, None] == labels[None]).astype(float)
    dz = np.where(mask[None], (y_pred - onehot) / m, 0.0)
    dz_flat = dz.reshape(n_y, -1)
    dWya = dz_flat @ a.reshape(a.shape[0], -1).T
    dby = dz_flat.sum(axis=1, keepdims=True)
    da = (Wya.T @ dz_flat).reshape(a.shape)
    return {"dWya": dWya, "dby": dby, "da": da}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'clipping', 'mistake',
          "np.clip(..., out=g) clips the caller's arrays in place: the returned dict is new, but the gradients it was given have changed.",
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    clipped = {}
    for name, g in gradients.items():
        clipped[name] = np.clip(g, -max_value, max_value, out=g)
    return clipped


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))
    if norm > max_norm:
        return {name: g * (max_norm / norm) for name, g in gradients.items()}
    return {name: g.copy() for name, g in gradients.items()}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'clipping', 'mistake',
          'Each gradient is clipped by its own norm instead of all of them by their global norm, which changes the direction of the whole gradient.',
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    clipped = {}
    for name, g in gradients.items():
        norm = np.linalg.norm(g)
        clipped[name] = g * (max_norm / norm) if norm > max_norm else g.copy()
    return clipped''',
          wrong_on_easy=False),
    Blind('04_bptt', 'clipping', 'mistake',
          'The gradients are always rescaled to norm max_norm, also when their norm is already smaller (small gradients get blown up).',
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))
    return {name: g * max_norm / norm for name, g in gradients.items()}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'clipping', 'mistake',
          'clip_by_value only caps from above (np.minimum), so large negative entries are not clipped.',
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    return {name: np.minimum(g, max_value) for name, g in gradients.items()}


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))
    if norm > max_norm:
        return {name: g * (max_norm / norm) for name, g in gradients.items()}
    return {name: g.copy() for name, g in gradients.items()}''',
          wrong_on_easy=True),
    Blind('04_bptt', 'clipping', 'mistake',
          'The global norm is computed as the sum of the per-array norms instead of the square root of the sum of all squares, so it clips too early and too hard.',
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    norm = sum(np.linalg.norm(g) for g in gradients.values())
    if norm > max_norm:
        return {name: g * (max_norm / norm) for name, g in gradients.items()}
    return {name: g.copy() for name, g in gradients.items()}''',
          wrong_on_easy=False),
    Blind('04_bptt', 'clipping', 'mistake',
          "The arrays are scaled in place with *= and then copied into a new dict: the dict is new, but the caller's gradients were changed.",
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))
    if norm > max_norm:
        for g in gradients.values():
            g *= max_norm / norm
    return dict(gradients)''',
          wrong_on_easy=True),
    Blind('04_bptt', 'clipping', 'correct',
          'np.maximum/np.minimum for the value clip, and one scale factor min(1, max_norm / norm) always applied (1 when no clipping is needed), with the norm from np.linalg.norm of all entries concatenated.',
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    clipped = {}
    for name in gradients:
        clipped[name] = np.minimum(np.maximum(gradients[name], -max_value), max_value)
    return clipped


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    everything = np.concatenate([g.ravel() for g in gradients.values()])
    norm = np.linalg.norm(everything)
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return {name: scale * g for name, g in gradients.items()}''',
          wrong_on_easy=None),
    Blind('04_bptt', 'clipping', 'correct',
          "Copies the dict's arrays first and then clips the copies in place.",
          '''def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value]; returns a new dict."""
    # YOUR CODE HERE
    out = {k: np.array(v, dtype=float, copy=True) for k, v in gradients.items()}
    for v in out.values():
        np.clip(v, -max_value, max_value, out=v)
    return out


def clip_by_norm(gradients, max_norm):
    """Scale all gradients by one factor so that their global norm is at most max_norm; returns a new dict."""
    # YOUR CODE HERE
    out = {k: np.array(v, dtype=float, copy=True) for k, v in gradients.items()}
    total = 0.0
    for v in out.values():
        total += float(np.vdot(v, v))
    norm = total ** 0.5
    if norm > max_norm:
        for v in out.values():
            v *= max_norm / norm
    return out''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'many_to_one_forward', 'mistake',
          "The prediction is read from the last column a[:, :, -1], which is each sequence's last state only for the longest ones; the shorter ones have read padding.",
          '''def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), the (padded) inputs
        lengths    -- int array (m,), the real length of each sequence
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa", "Wax", "Wya" (n_y, n_a), "ba", "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), one prediction per sequence
        cache -- tuple (a, caches, lengths, a_last, parameters), for the backward pass
    """
    m = x.shape[1]
    # YOUR CODE HERE
    a, _, caches = rnn_forward(x, a0, parameters)
    a_last = a[:, :, -1]
    y_hat = softmax(parameters["Wya"] @ a_last + parameters["by"])
    return y_hat, (a, caches, lengths, a_last, parameters)''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'many_to_one_forward', 'mistake',
          'a[:, np.arange(m), lengths] is one step past the end: it reads the first padding step, and raises an IndexError for a sequence of full length.',
          '''def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), the (padded) inputs
        lengths    -- int array (m,), the real length of each sequence
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa", "Wax", "Wya" (n_y, n_a), "ba", "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), one prediction per sequence
        cache -- tuple (a, caches, lengths, a_last, parameters), for the backward pass
    """
    m = x.shape[1]
    # YOUR CODE HERE
    a, _, caches = rnn_forward(x, a0, parameters)
    a_last = a[:, np.arange(m), lengths]
    y_hat = softmax(parameters["Wya"] @ a_last + parameters["by"])
    return y_hat, (a, caches, lengths, a_last, parameters)''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'many_to_one_forward', 'mistake',
          'The forward pass starts from zeros instead of the a0 it was given.',
          '''def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), the (padded) inputs
        lengths    -- int array (m,), the real length of each sequence
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa", "Wax", "Wya" (n_y, n_a), "ba", "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), one prediction per sequence
        cache -- tuple (a, caches, lengths, a_last, parameters), for the backward pass
    """
    m = x.shape[1]
    # YOUR CODE HERE
    n_a = parameters["Waa"].shape[0]
    a, _, caches = rnn_forward(x, np.zeros((n_a, m)), parameters)
    a_last = a[:, np.arange(m), lengths - 1]
    y_hat = softmax(parameters["Wya"] @ a_last + parameters["by"])
    return y_hat, (a, caches, lengths, a_last, parameters)''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'many_to_one_forward', 'mistake',
          'The output bias by is left out of the scores; with zero biases nothing shows.',
          '''def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), the (padded) inputs
        lengths    -- int array (m,), the real length of each sequence
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa", "Wax", "Wya" (n_y, n_a), "ba", "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), one prediction per sequence
        cache -- tuple (a, caches, lengths, a_last, parameters), for the backward pass
    """
    m = x.shape[1]
    # YOUR CODE HERE
    a, _, caches = rnn_forward(x, a0, parameters)
    a_last = a[:, np.arange(m), lengths - 1]
    y_hat = softmax(np.dot(parameters["Wya"], a_last))
    return y_hat, (a, caches, lengths, a_last, parameters)''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'many_to_one_forward', 'correct',
          "Picks the prediction rnn_forward already made at each sequence's last step (it is softmax(Wya a + by) of the same state).",
          '''def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), the (padded) inputs
        lengths    -- int array (m,), the real length of each sequence
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa", "Wax", "Wya" (n_y, n_a), "ba", "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), one prediction per sequence
        cache -- tuple (a, caches, lengths, a_last, parameters), for the backward pass
    """
    m = x.shape[1]
    # YOUR CODE HERE
    a, y_pred, caches = rnn_forward(x, a0, parameters)
    steps = lengths - 1
    a_last = a[:, np.arange(m), steps]
    y_hat = y_pred[:, np.arange(m), steps]
    return y_hat, (a, caches, lengths, a_last, parameters)''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'many_to_one_forward', 'correct',
          'A loop over the sequences to collect each last state, then one softmax of the stacked columns.',
          '''def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), the (padded) inputs
        lengths    -- int array (m,), the real length of each sequence
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa", "Wax", "Wya" (n_y, n_a), "ba", "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), one prediction per sequence
        cache -- tuple (a, caches, lengths, a_last, parameters), for the backward pass
    """
    m = x.shape[1]
    # YOUR CODE HERE
    a, _, caches = rnn_forward(x, a0, parameters)
    columns = []
    for i in range(m):
        columns.append(a[:, i, int(lengths[i]) - 1])
    a_last = np.stack(columns, axis=1)
    scores = parameters["Wya"].dot(a_last) + parameters["by"]
    y_hat = softmax(scores)
    return y_hat, (a, caches, lengths, a_last, parameters)''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'many_to_one_backward', 'mistake',
          "The gradient enters at the last column da[:, :, -1] for every sequence, instead of at each sequence's own last step.",
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    dz = y_hat.copy()
    dz[y, np.arange(m)] -= 1
    dz /= m
    dWya = dz @ a_last.T
    dby = np.sum(dz, axis=1, keepdims=True)
    da = np.zeros((n_a, m, T_x))
    da[:, :, -1] = parameters["Wya"].T @ dz
    gradients = rnn_backward(da, caches)
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'many_to_one_backward', 'mistake',
          'The 1/m of the loss is forgotten in dz, so every gradient is m times too large.',
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    dz = y_hat.copy()
    dz[y, np.arange(m)] -= 1
    dWya = dz @ a_last.T
    dby = np.sum(dz, axis=1, keepdims=True)
    da = np.zeros((n_a, m, T_x))
    da[:, np.arange(m), lengths - 1] = parameters["Wya"].T @ dz
    gradients = rnn_backward(da, caches)
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'many_to_one_backward', 'mistake',
          'W_ya^T dz is written into every step of da, as if every state had an output, instead of only the last one.',
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    dz = y_hat.copy()
    dz[y, np.arange(m)] -= 1
    dz /= m
    dWya = dz @ a_last.T
    dby = np.sum(dz, axis=1, keepdims=True)
    da = np.repeat((parameters["Wya"].T @ dz)[:, :, np.newaxis], T_x, axis=2)
    gradients = rnn_backward(da, caches)
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'many_to_one_backward', 'mistake',
          "dz = y_hat is not a copy: subtracting the one-hot and dividing by m in place changes the caller's y_hat (the gradients are right).",
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    dz = y_hat
    dz[y, np.arange(m)] -= 1
    dz /= m
    dWya = dz @ a_last.T
    dby = np.sum(dz, axis=1, keepdims=True)
    da = np.zeros((n_a, m, T_x))
    da[:, np.arange(m), lengths - 1] = parameters["Wya"].T @ dz
    gradients = rnn_backward(da, caches)
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'many_to_one_backward', 'mistake',
          'dWya is computed with the last column of a instead of a_last, the state each prediction was really read from.',
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    dz = y_hat.copy()
    dz[y, np.arange(m)] -= 1
    dz /= m
    dWya = dz @ a[:, :, -1].T
    dby = np.sum(dz, axis=1, keepdims=True)
    da = np.zeros((n_a, m, T_x))
    da[:, np.arange(m), lengths - 1] = parameters["Wya"].T @ dz
    gradients = rnn_backward(da, caches)
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'many_to_one_backward', 'correct',
          'The one-hot from np.eye, and the gradient placed column by column in a loop over the sequences.',
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    one_hot_y = np.eye(y_hat.shape[0])[:, y]
    dz = (y_hat - one_hot_y) / m
    dWya = np.einsum("ym,am->ya", dz, a_last)
    dby = dz.sum(axis=1).reshape(-1, 1)
    da = np.zeros_like(a)
    from_output = parameters["Wya"].T @ dz
    for i in range(m):
        da[:, i, lengths[i] - 1] = from_output[:, i]
    gradients = dict(rnn_backward(da, caches))
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'many_to_one_backward', 'correct',
          'A helper function builds da from the per-sequence gradients; np.add.at subtracts the one-hot.',
          '''def many_to_one_backward(y_hat, y, cache):
    """Gradients of the many-to-one loss; the gradient enters at each sequence's last step only.

    Inputs:
        y_hat -- array (n_y, m), from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby", "dx" (n_x, m, T_x), "da0" (n_a, m)
    """
    a, caches, lengths, a_last, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    def gradient_at_last_steps(columns, lengths, T_x):
        da = np.zeros(columns.shape + (T_x,))
        da[:, np.arange(columns.shape[1]), np.asarray(lengths) - 1] = columns
        return da

    dz = np.array(y_hat, dtype=float)
    np.add.at(dz, (y, np.arange(m)), -1.0)
    dz = dz / m
    dWya = dz @ a_last.T
    dby = dz.sum(axis=1, keepdims=True)
    gradients = rnn_backward(gradient_at_last_steps(parameters["Wya"].T @ dz, lengths, T_x), caches)
    gradients["dWya"], gradients["dby"] = dWya, dby
    return gradients''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'sample_sequence', 'mistake',
          'xt is never updated: every step reads the first note again instead of the note just chosen.',
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    for t in range(T_y):
        a, yt, _ = rnn_cell_forward(xt, a, parameters)
        if rng is None:
            k = np.argmax(yt, axis=0)
        else:
            k = sample_columns(yt, rng)
        indices[:, t] = k
    return indices''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'sample_sequence', 'mistake',
          'Each step starts from a zero state instead of the state of the step before, so the tune has no memory beyond the last note.',
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    for t in range(T_y):
        a, yt, _ = rnn_cell_forward(xt, np.zeros((n_a, m)), parameters)
        if rng is None:
            k = np.argmax(yt, axis=0)
        else:
            k = sample_columns(yt, rng)
        indices[:, t] = k
        xt = np.eye(n_y)[:, k]
    return indices''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'sample_sequence', 'mistake',
          'The given first note is written as output 0 and only T_y - 1 notes are generated: the outputs are shifted by one step.',
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    indices[:, 0] = np.argmax(x_first, axis=0)
    for t in range(1, T_y):
        a, yt, _ = rnn_cell_forward(xt, a, parameters)
        k = np.argmax(yt, axis=0) if rng is None else sample_columns(yt, rng)
        indices[:, t] = k
        xt = np.eye(n_y)[:, k]
    return indices''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'sample_sequence', 'mistake',
          'np.eye(n_y)[k] picks rows, giving an (m, n_y) input instead of the (n_y, m) one-hot columns (it only runs when m = n_y, and then is transposed).',
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    for t in range(T_y):
        a, yt, _ = rnn_cell_forward(xt, a, parameters)
        k = np.argmax(yt, axis=0) if rng is None else sample_columns(yt, rng)
        indices[:, t] = k
        xt = np.eye(n_y)[k]
    return indices''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'sample_sequence', 'mistake',
          "Sampling uses np.random.choice, numpy's global random state, instead of the rng it was given, so the draws are neither the expected ones nor reproducible from rng.",
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    for t in range(T_y):
        a, yt, _ = rnn_cell_forward(xt, a, parameters)
        if rng is None:
            k = yt.argmax(axis=0)
        else:
            k = np.array([np.random.choice(n_y, p=yt[:, i]) for i in range(m)])
        indices[:, t] = k
        xt = np.eye(n_y)[:, k]
    return indices''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'sample_sequence', 'correct',
          "Samples each column with rng.choice(n_y, p=...) in order: this reads the same uniform numbers, in the same order, as sample_columns' single rng.random(m), and inverts the same cumulative sums.",
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    for t in range(T_y):
        a, yt, _ = rnn_cell_forward(xt, a, parameters)
        if rng is None:
            k = yt.argmax(axis=0)
        else:
            k = np.array([rng.choice(n_y, p=yt[:, i]) for i in range(m)])
        indices[:, t] = k
        xt = np.eye(n_y)[:, k]
    return indices''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'sample_sequence', 'correct',
          'Builds the one-hot with zeros and fancy indexing, and keeps the chosen notes in a list stacked at the end.',
          '''def sample_sequence(x_first, parameters, T_y, rng=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

    Inputs:
        x_first    -- array (n_y, m), the one input (a one-hot note) of each of the m sequences
        parameters -- dict "Waa", "Wax" (n_a, n_y), "Wya" (n_y, n_a), "ba", "by"
        T_y        -- int, the number of outputs
        rng        -- None (greedy) or a np.random.Generator (sample with sample_columns)
    Output:
        indices -- int array (m, T_y), the note chosen at every step
    """
    n_y, n_a = parameters["Wya"].shape
    m = x_first.shape[1]
    a = np.zeros((n_a, m))
    xt = x_first
    indices = np.zeros((m, T_y), dtype=int)
    # YOUR CODE HERE
    chosen = []
    for _ in range(T_y):
        a, probabilities, _ = rnn_cell_forward(xt, a, parameters)
        if rng is not None:
            notes = sample_columns(probabilities, rng)
        else:
            notes = probabilities.argmax(axis=0)
        chosen.append(notes)
        xt = np.zeros((n_y, m))
        xt[notes, np.arange(m)] = 1.0
    indices = np.stack(chosen, axis=1).astype(int)
    return indices''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'encoder_decoder_forward', 'mistake',
          "The decoder starts from the last column a[:, :, -1], which is a short sequence's state after reading padding, not its own last state.",
          '''def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """Encode x, start the decoder from each sequence's last encoder state, decode x_dec.

    Inputs:
        x          -- array (n_x, m, T_x), the padded sources
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs
        parameters -- dict "Waa", "Wax", "ba" (encoder), "Wbb", "Wbx", "bb", "Wyb", "by" (decoder)
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    n_a, m = parameters["Waa"].shape[0], x.shape[1]
    # YOUR CODE HERE
    a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    b, y_pred, decoder_caches = rnn_forward(x_dec, a[:, :, -1], decoder_view(parameters))
    return y_pred, (a, encoder_caches, lengths, b, decoder_caches, parameters)''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'encoder_decoder_forward', 'mistake',
          "The decoder starts from zeros: the encoder's state is never handed over, so the decoder never hears the input.",
          '''def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """Encode x, start the decoder from each sequence's last encoder state, decode x_dec.

    Inputs:
        x          -- array (n_x, m, T_x), the padded sources
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs
        parameters -- dict "Waa", "Wax", "ba" (encoder), "Wbb", "Wbx", "bb", "Wyb", "by" (decoder)
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    n_a, m = parameters["Waa"].shape[0], x.shape[1]
    # YOUR CODE HERE
    a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    b, y_pred, decoder_caches = rnn_forward(x_dec, np.zeros((n_a, m)), decoder_view(parameters))
    return y_pred, (a, encoder_caches, lengths, b, decoder_caches, parameters)''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'encoder_decoder_forward', 'mistake',
          'lengths is used as the index of the last state instead of lengths - 1 (clipped to stay in range), so the hand-off is one step late.',
          '''def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """Encode x, start the decoder from each sequence's last encoder state, decode x_dec.

    Inputs:
        x          -- array (n_x, m, T_x), the padded sources
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs
        parameters -- dict "Waa", "Wax", "ba" (encoder), "Wbb", "Wbx", "bb", "Wyb", "by" (decoder)
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    n_a, m = parameters["Waa"].shape[0], x.shape[1]
    # YOUR CODE HERE
    a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    last = np.minimum(lengths, a.shape[2] - 1)
    b0 = a[:, np.arange(m), last]
    b, y_pred, decoder_caches = rnn_forward(x_dec, b0, decoder_view(parameters))
    return y_pred, (a, encoder_caches, lengths, b, decoder_caches, parameters)''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'encoder_decoder_forward', 'mistake',
          "Only the list of per-step caches is kept for the decoder (rnn_forward's caches[0]), not the (list, x_dec) tuple that rnn_backward needs; the predictions are right.",
          '''def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """Encode x, start the decoder from each sequence's last encoder state, decode x_dec.

    Inputs:
        x          -- array (n_x, m, T_x), the padded sources
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs
        parameters -- dict "Waa", "Wax", "ba" (encoder), "Wbb", "Wbx", "bb", "Wyb", "by" (decoder)
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    n_a, m = parameters["Waa"].shape[0], x.shape[1]
    # YOUR CODE HERE
    a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    b0 = a[:, np.arange(m), lengths - 1]
    b, y_pred, caches = rnn_forward(x_dec, b0, decoder_view(parameters))
    decoder_caches = caches[0]
    return y_pred, (a, encoder_caches, lengths, b, decoder_caches, parameters)''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'encoder_decoder_forward', 'correct',
          'Runs the encoder with rnn_forward and a dummy output layer (its predictions are thrown away), and gathers the last states in a loop.',
          '''def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """Encode x, start the decoder from each sequence's last encoder state, decode x_dec.

    Inputs:
        x          -- array (n_x, m, T_x), the padded sources
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs
        parameters -- dict "Waa", "Wax", "ba" (encoder), "Wbb", "Wbx", "bb", "Wyb", "by" (decoder)
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    n_a, m = parameters["Waa"].shape[0], x.shape[1]
    # YOUR CODE HERE
    encoder = dict(encoder_view(parameters))
    encoder["Wya"], encoder["by"] = np.zeros((1, n_a)), np.zeros((1, 1))
    a, _, encoder_caches = rnn_forward(x, np.zeros((n_a, m)), encoder)
    b0 = np.empty((n_a, m))
    for i, length in enumerate(lengths):
        b0[:, i] = a[:, i, length - 1]
    b, y_pred, decoder_caches = rnn_forward(x_dec, b0, decoder_view(parameters))
    return y_pred, (a, encoder_caches, lengths, b, decoder_caches, parameters)''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'encoder_decoder_forward', 'correct',
          "A helper function picks each sequence's last state; the decoder's weights passed as an explicit dict instead of decoder_view.",
          '''def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """Encode x, start the decoder from each sequence's last encoder state, decode x_dec.

    Inputs:
        x          -- array (n_x, m, T_x), the padded sources
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs
        parameters -- dict "Waa", "Wax", "ba" (encoder), "Wbb", "Wbx", "bb", "Wyb", "by" (decoder)
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    n_a, m = parameters["Waa"].shape[0], x.shape[1]
    # YOUR CODE HERE
    def last_states(states, lengths):
        return states[:, np.arange(states.shape[1]), np.asarray(lengths) - 1]

    a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), {"Waa": parameters["Waa"], "Wax": parameters["Wax"], "ba": parameters["ba"]})
    decoder = {"Waa": parameters["Wbb"], "Wax": parameters["Wbx"], "ba": parameters["bb"],
               "Wya": parameters["Wyb"], "by": parameters["by"]}
    b, y_pred, decoder_caches = rnn_forward(x_dec, last_states(a, lengths), decoder)
    return y_pred, (a, encoder_caches, lengths, b, decoder_caches, parameters)''',
          wrong_on_easy=None),
    Blind('05_rnn_types', 'encoder_decoder_backward', 'mistake',
          "The decoder's da0 enters the encoder at the last column for every sequence, instead of at each sequence's own last step.",
          '''def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder.

    Inputs:
        dz    -- array (n_y, m, T_y), gradient of the loss w.r.t. the decoder's scores
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby", "dx"
    """
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    output = rnn_output_backward(dz, b, decoder_view(parameters))
    decoder = rnn_backward(output["da"], decoder_caches)
    da = np.zeros((n_a, m, T_x))
    da[:, :, -1] = decoder["da0"]
    encoder = rnn_backward(da, encoder_caches)

    return {"dWaa": encoder["dWaa"], "dWax": encoder["dWax"], "dba": encoder["dba"],
            "dWbb": decoder["dWaa"], "dWbx": decoder["dWax"], "dbb": decoder["dba"],
            "dWyb": output["dWya"], "dby": output["dby"], "dx": encoder["dx"]}''',
          wrong_on_easy=False),
    Blind('05_rnn_types', 'encoder_decoder_backward', 'mistake',
          "The encoder's BPTT is run with a zero gradient: da0 of the decoder is never handed back, so the encoder gets no gradient at all.",
          '''def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder.

    Inputs:
        dz    -- array (n_y, m, T_y), gradient of the loss w.r.t. the decoder's scores
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby", "dx"
    """
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    output = rnn_output_backward(dz, b, decoder_view(parameters))
    decoder = rnn_backward(output["da"], decoder_caches)
    encoder = rnn_backward(np.zeros((n_a, m, T_x)), encoder_caches)

    return {"dWaa": encoder["dWaa"], "dWax": encoder["dWax"], "dba": encoder["dba"],
            "dWbb": decoder["dWaa"], "dWbx": decoder["dWax"], "dbb": decoder["dba"],
            "dWyb": output["dWya"], "dby": output["dby"], "dx": encoder["dx"]}''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'encoder_decoder_backward', 'mistake',
          "da0 is copied into every step of the encoder's da, as if every encoder state fed the decoder.",
          '''def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder.

    Inputs:
        dz    -- array (n_y, m, T_y), gradient of the loss w.r.t. the decoder's scores
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby", "dx"
    """
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    output = rnn_output_backward(dz, b, decoder_view(parameters))
    decoder = rnn_backward(output["da"], decoder_caches)
    da = np.repeat(decoder["da0"][:, :, np.newaxis], T_x, axis=2)
    encoder = rnn_backward(da, encoder_caches)

    return {"dWaa": encoder["dWaa"], "dWax": encoder["dWax"], "dba": encoder["dba"],
            "dWbb": decoder["dWaa"], "dWbx": decoder["dWax"], "dbb": decoder["dba"],
            "dWyb": output["dWya"], "dby": output["dby"], "dx": encoder["dx"]}''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'encoder_decoder_backward', 'mistake',
          "The names are swapped between the two RNNs: the encoder's gradients are returned as dWbb, dWbx, dbb and the decoder's as dWaa, dWax, dba.",
          '''def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder.

    Inputs:
        dz    -- array (n_y, m, T_y), gradient of the loss w.r.t. the decoder's scores
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby", "dx"
    """
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    output = rnn_output_backward(dz, b, decoder_view(parameters))
    decoder = rnn_backward(output["da"], decoder_caches)
    da = np.zeros((n_a, m, T_x))
    da[:, np.arange(m), lengths - 1] = decoder["da0"]
    encoder = rnn_backward(da, encoder_caches)
    return {"dWaa": decoder["dWaa"], "dWax": decoder["dWax"], "dba": decoder["dba"],
            "dWbb": encoder["dWaa"], "dWbx": encoder["dWax"], "dbb": encoder["dba"],
            "dWyb": output["dWya"], "dby": output["dby"], "dx": encoder["dx"]}''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'encoder_decoder_backward', 'mistake',
          '"dx" is taken from the decoder\'s BPTT (the gradient of the decoder\'s inputs x_dec) instead of the encoder\'s (the gradient of x).',
          '''def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder.

    Inputs:
        dz    -- array (n_y, m, T_y), gradient of the loss w.r.t. the decoder's scores
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby", "dx"
    """
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    output = rnn_output_backward(dz, b, decoder_view(parameters))
    decoder = rnn_backward(output["da"], decoder_caches)
    da = np.zeros((n_a, m, T_x))
    da[:, np.arange(m), lengths - 1] = decoder["da0"]
    encoder = rnn_backward(da, encoder_caches)
    return {"dWaa": encoder["dWaa"], "dWax": encoder["dWax"], "dba": encoder["dba"],
            "dWbb": decoder["dWaa"], "dWbx": decoder["dWax"], "dbb": decoder["dba"],
            "dWyb": output["dWya"], "dby": output["dby"], "dx": decoder["dx"]}''',
          wrong_on_easy=True),
    Blind('05_rnn_types', 'encoder_decoder_backward', 'correct',
          "The output layer's gradients written out with einsum instead of rnn_output_backward, and the result dict built from a renaming table.",
          '''def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder.

    Inputs:
        dz    -- array (n_y, m, T_y), gradient of the loss w.r.t. the decoder's scores
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby", "dx"
    """
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    Wyb = parameters["Wyb"]
    dWyb = np.einsum("ymt,bmt->yb", dz, b)
    dby = dz.sum(axis=(1, 2))[:, np.newaxis]
    db = np.einsum("yb,ymt->bmt", Wyb, dz)
    decoder = rnn_backward(db, decoder_caches)
    da = np.zeros((n_a, m, T_x))
    for i in range(m):
        da[:, i, lengths[i] - 1] = decoder["da0"][:, i]
    encoder = rnn_backward(da, encoder_caches)
    gradients = {"d" + k: encoder["d" + k] for k in ("Waa", "Wax", "ba")}
    gradients.update({"dWbb": decoder["dWaa"], "dWbx": decoder["dWax"], "dbb": decoder["dba"]})
    gradients.update({"dWyb": dWyb, "dby": dby, "dx": encoder["dx"]})
    return gradients''',
          wrong_on_easy=None),
    Blind('06_bidirectional', 'reverse_sequences', 'mistake',
          'The whole time axis is reversed with [:, :, ::-1], ignoring lengths: the padding of the shorter sequences comes first.',
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x.copy()
    # YOUR CODE HERE
    out = x[:, :, ::-1].copy()
    return out''',
          wrong_on_easy=False),
    Blind('06_bidirectional', 'reverse_sequences', 'mistake',
          '[::-1] on x[:, i, :L] reverses its first axis (the features), not the time steps.',
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x.copy()
    # YOUR CODE HERE
    for i in range(x.shape[1]):
        L = lengths[i]
        out[:, i, :L] = x[:, i, :L][::-1]
    return out''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'reverse_sequences', 'mistake',
          'The slice x[:, i, L:0:-1] starts one step too late and stops before step 0: it reads a padding step and misses the first word (and fails for a full-length sequence).',
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x.copy()
    # YOUR CODE HERE
    for i in range(x.shape[1]):
        L = lengths[i]
        out[:, i, :L] = x[:, i, L:0:-1]
    return out''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'reverse_sequences', 'mistake',
          "Reversing first and cutting afterwards, x[:, i, ::-1][:, :L], takes the last L steps of the whole row, padding included, instead of the sequence's own L steps.",
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x.copy()
    # YOUR CODE HERE
    for i in range(x.shape[1]):
        L = lengths[i]
        out[:, i, :L] = x[:, i, ::-1][:, :L]
    return out''',
          wrong_on_easy=False),
    Blind('06_bidirectional', 'reverse_sequences', 'mistake',
          "out = x instead of x.copy(): the loop reverses the caller's array in place (the result is right, but x has changed).",
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x
    # YOUR CODE HERE
    for i in range(x.shape[1]):
        L = lengths[i]
        out[:, i, :L] = out[:, i, :L][:, ::-1].copy()
    return out''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'reverse_sequences', 'correct',
          "np.flip on the time axis of each sequence's slice.",
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x.copy()
    # YOUR CODE HERE
    for i, length in enumerate(lengths):
        out[:, i, :length] = np.flip(x[:, i, :length], axis=-1)
    return out''',
          wrong_on_easy=None),
    Blind('06_bidirectional', 'reverse_sequences', 'correct',
          'Without a Python loop over the batch: one index array t -> lengths - 1 - t (kept as t on padding) and np.take_along_axis.',
          '''def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], x[:, i, t] after
    """
    out = x.copy()
    # YOUR CODE HERE
    T_x = x.shape[2]
    t = np.arange(T_x)[np.newaxis, :]
    L = np.asarray(lengths)[:, np.newaxis]
    source = np.where(t < L, L - 1 - t, t)              # (m, T_x)
    out = np.take_along_axis(x, np.broadcast_to(source[np.newaxis], x.shape), axis=2)
    return out''',
          wrong_on_easy=None),
    Blind('06_bidirectional', 'bidirectional_forward', 'mistake',
          "The backward states are not reversed back: column t holds the backward RNN's step t, which belongs to word lengths - 1 - t.",
          '''def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,)
        parameters -- dict "Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya" (n_y, 2 n_a), "by"
    Outputs:
        a      -- array (2 n_a, m, T_x), forward states on top, backward states below
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    n_a, m = parameters["Waa_fwd"].shape[0], x.shape[1]
    a0 = np.zeros((n_a, m))
    # YOUR CODE HERE
    a_fwd, forward_caches = rnn_states(x, a0, direction(parameters, "fwd"))
    a_bwd, backward_caches = rnn_states(reverse_sequences(x, lengths), a0, direction(parameters, "bwd"))
    a = np.concatenate([a_fwd, a_bwd], axis=0)
    # Given: check the shape of your a before the output layer reads it.
    assert a.shape == (2 * n_a, m, x.shape[2]), (f"a has shape {a.shape} but should have shape (2 n_a, m, T_x) = "
                                                 f"{(2 * n_a, m, x.shape[2])}: stack the two directions' states on axis 0.")
    y_pred = softmax(np.einsum("ya,amt->ymt", parameters["Wya"], a) + parameters["by"][:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_forward', 'mistake',
          'x[:, :, ::-1] is used in both places instead of reverse_sequences: the backward RNN reads the padding before the words of the shorter sentences.',
          '''def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,)
        parameters -- dict "Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya" (n_y, 2 n_a), "by"
    Outputs:
        a      -- array (2 n_a, m, T_x), forward states on top, backward states below
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    n_a, m = parameters["Waa_fwd"].shape[0], x.shape[1]
    a0 = np.zeros((n_a, m))
    # YOUR CODE HERE
    a_fwd, forward_caches = rnn_states(x, a0, direction(parameters, "fwd"))
    a_bwd, backward_caches = rnn_states(x[:, :, ::-1], a0, direction(parameters, "bwd"))
    a = np.concatenate([a_fwd, a_bwd[:, :, ::-1]], axis=0)
    # Given: check the shape of your a before the output layer reads it.
    assert a.shape == (2 * n_a, m, x.shape[2]), (f"a has shape {a.shape} but should have shape (2 n_a, m, T_x) = "
                                                 f"{(2 * n_a, m, x.shape[2])}: stack the two directions' states on axis 0.")
    y_pred = softmax(np.einsum("ya,amt->ymt", parameters["Wya"], a) + parameters["by"][:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)''',
          wrong_on_easy=False),
    Blind('06_bidirectional', 'bidirectional_forward', 'mistake',
          'Both directions run with the forward weights: direction(parameters, "fwd") is passed twice.',
          '''def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,)
        parameters -- dict "Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya" (n_y, 2 n_a), "by"
    Outputs:
        a      -- array (2 n_a, m, T_x), forward states on top, backward states below
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    n_a, m = parameters["Waa_fwd"].shape[0], x.shape[1]
    a0 = np.zeros((n_a, m))
    # YOUR CODE HERE
    forward_weights = direction(parameters, "fwd")
    a_fwd, forward_caches = rnn_states(x, a0, forward_weights)
    a_bwd, backward_caches = rnn_states(reverse_sequences(x, lengths), a0, forward_weights)
    a = np.concatenate([a_fwd, reverse_sequences(a_bwd, lengths)], axis=0)
    # Given: check the shape of your a before the output layer reads it.
    assert a.shape == (2 * n_a, m, x.shape[2]), (f"a has shape {a.shape} but should have shape (2 n_a, m, T_x) = "
                                                 f"{(2 * n_a, m, x.shape[2])}: stack the two directions' states on axis 0.")
    y_pred = softmax(np.einsum("ya,amt->ymt", parameters["Wya"], a) + parameters["by"][:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_forward', 'mistake',
          'The backward states are stacked on top and the forward ones below, the opposite of the order Wya expects.',
          '''def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,)
        parameters -- dict "Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya" (n_y, 2 n_a), "by"
    Outputs:
        a      -- array (2 n_a, m, T_x), forward states on top, backward states below
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    n_a, m = parameters["Waa_fwd"].shape[0], x.shape[1]
    a0 = np.zeros((n_a, m))
    # YOUR CODE HERE
    a_fwd, forward_caches = rnn_states(x, a0, direction(parameters, "fwd"))
    a_bwd, backward_caches = rnn_states(reverse_sequences(x, lengths), a0, direction(parameters, "bwd"))
    a = np.vstack([reverse_sequences(a_bwd, lengths), a_fwd])
    # Given: check the shape of your a before the output layer reads it.
    assert a.shape == (2 * n_a, m, x.shape[2]), (f"a has shape {a.shape} but should have shape (2 n_a, m, T_x) = "
                                                 f"{(2 * n_a, m, x.shape[2])}: stack the two directions' states on axis 0.")
    y_pred = softmax(np.einsum("ya,amt->ymt", parameters["Wya"], a) + parameters["by"][:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_forward', 'mistake',
          'The backward RNN reads x in its normal order; only its states are reversed afterwards, so it is a second left-to-right RNN shuffled in time.',
          '''def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,)
        parameters -- dict "Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya" (n_y, 2 n_a), "by"
    Outputs:
        a      -- array (2 n_a, m, T_x), forward states on top, backward states below
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    n_a, m = parameters["Waa_fwd"].shape[0], x.shape[1]
    a0 = np.zeros((n_a, m))
    # YOUR CODE HERE
    a_fwd, forward_caches = rnn_states(x, a0, direction(parameters, "fwd"))
    a_bwd, backward_caches = rnn_states(x, a0, direction(parameters, "bwd"))
    a = np.concatenate([a_fwd, reverse_sequences(a_bwd, lengths)], axis=0)
    # Given: check the shape of your a before the output layer reads it.
    assert a.shape == (2 * n_a, m, x.shape[2]), (f"a has shape {a.shape} but should have shape (2 n_a, m, T_x) = "
                                                 f"{(2 * n_a, m, x.shape[2])}: stack the two directions' states on axis 0.")
    y_pred = softmax(np.einsum("ya,amt->ymt", parameters["Wya"], a) + parameters["by"][:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_forward', 'correct',
          'Fills a preallocated (2 n_a, m, T_x) array: forward states in the top rows, the re-reversed backward states in the bottom rows.',
          '''def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,)
        parameters -- dict "Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya" (n_y, 2 n_a), "by"
    Outputs:
        a      -- array (2 n_a, m, T_x), forward states on top, backward states below
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    n_a, m = parameters["Waa_fwd"].shape[0], x.shape[1]
    a0 = np.zeros((n_a, m))
    # YOUR CODE HERE
    a = np.empty((2 * n_a, m, x.shape[2]))
    states, forward_caches = rnn_states(x, a0, direction(parameters, "fwd"))
    a[:n_a] = states
    x_reversed = reverse_sequences(x, lengths)
    states_reversed, backward_caches = rnn_states(x_reversed, a0.copy(), direction(parameters, "bwd"))
    a[n_a:] = reverse_sequences(states_reversed, lengths)
    # Given: check the shape of your a before the output layer reads it.
    assert a.shape == (2 * n_a, m, x.shape[2]), (f"a has shape {a.shape} but should have shape (2 n_a, m, T_x) = "
                                                 f"{(2 * n_a, m, x.shape[2])}: stack the two directions' states on axis 0.")
    y_pred = softmax(np.einsum("ya,amt->ymt", parameters["Wya"], a) + parameters["by"][:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)''',
          wrong_on_easy=None),
    Blind('06_bidirectional', 'bidirectional_backward', 'mistake',
          "The bottom half of da is not reversed before its BPTT, so the backward RNN's step k receives the gradient of word k instead of word lengths - 1 - k.",
          '''def bidirectional_backward(dz, cache):
    """Gradients through the output layer and both directions.

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "dWaa_fwd", "dWax_fwd", "dba_fwd", "dWaa_bwd", "dWax_bwd", "dba_bwd", "dWya", "dby",
                     "dx" (n_x, m, T_x)
    """
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn_output_backward(dz, a, parameters)
    # YOUR CODE HERE
    da = output["da"]
    forward = rnn_backward(da[:n_a], forward_caches)
    backward = rnn_backward(da[n_a:], backward_caches)
    dx = forward["dx"] + reverse_sequences(backward["dx"], lengths)
    return {"dWaa_fwd": forward["dWaa"], "dWax_fwd": forward["dWax"], "dba_fwd": forward["dba"],
            "dWaa_bwd": backward["dWaa"], "dWax_bwd": backward["dWax"], "dba_bwd": backward["dba"],
            "dWya": output["dWya"], "dby": output["dby"], "dx": dx}''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_backward', 'mistake',
          'The dx of the backward RNN comes out in reversed order and is added without reversing it back to word order.',
          '''def bidirectional_backward(dz, cache):
    """Gradients through the output layer and both directions.

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "dWaa_fwd", "dWax_fwd", "dba_fwd", "dWaa_bwd", "dWax_bwd", "dba_bwd", "dWya", "dby",
                     "dx" (n_x, m, T_x)
    """
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn_output_backward(dz, a, parameters)
    # YOUR CODE HERE
    da = output["da"]
    forward = rnn_backward(da[:n_a], forward_caches)
    backward = rnn_backward(reverse_sequences(da[n_a:], lengths), backward_caches)
    dx = forward["dx"] + backward["dx"]
    return {"dWaa_fwd": forward["dWaa"], "dWax_fwd": forward["dWax"], "dba_fwd": forward["dba"],
            "dWaa_bwd": backward["dWaa"], "dWax_bwd": backward["dWax"], "dba_bwd": backward["dba"],
            "dWya": output["dWya"], "dby": output["dby"], "dx": dx}''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_backward', 'mistake',
          'The two halves of da are swapped: the forward RNN gets the gradient of the backward states and vice versa.',
          '''def bidirectional_backward(dz, cache):
    """Gradients through the output layer and both directions.

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "dWaa_fwd", "dWax_fwd", "dba_fwd", "dWaa_bwd", "dWax_bwd", "dba_bwd", "dWya", "dby",
                     "dx" (n_x, m, T_x)
    """
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn_output_backward(dz, a, parameters)
    # YOUR CODE HERE
    da = output["da"]
    forward = rnn_backward(da[n_a:], forward_caches)
    backward = rnn_backward(reverse_sequences(da[:n_a], lengths), backward_caches)
    dx = forward["dx"] + reverse_sequences(backward["dx"], lengths)
    return {"dWaa_fwd": forward["dWaa"], "dWax_fwd": forward["dWax"], "dba_fwd": forward["dba"],
            "dWaa_bwd": backward["dWaa"], "dWax_bwd": backward["dWax"], "dba_bwd": backward["dba"],
            "dWya": output["dWya"], "dby": output["dby"], "dx": dx}''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_backward', 'mistake',
          "dx keeps only the forward RNN's part; the input also feeds the backward RNN, so the two dx must be added.",
          '''def bidirectional_backward(dz, cache):
    """Gradients through the output layer and both directions.

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "dWaa_fwd", "dWax_fwd", "dba_fwd", "dWaa_bwd", "dWax_bwd", "dba_bwd", "dWya", "dby",
                     "dx" (n_x, m, T_x)
    """
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn_output_backward(dz, a, parameters)
    # YOUR CODE HERE
    da = output["da"]
    forward = rnn_backward(da[:n_a], forward_caches)
    backward = rnn_backward(reverse_sequences(da[n_a:], lengths), backward_caches)
    dx = forward["dx"]
    return {"dWaa_fwd": forward["dWaa"], "dWax_fwd": forward["dWax"], "dba_fwd": forward["dba"],
            "dWaa_bwd": backward["dWaa"], "dWax_bwd": backward["dWax"], "dba_bwd": backward["dba"],
            "dWya": output["dWya"], "dby": output["dby"], "dx": dx}''',
          wrong_on_easy=True),
    Blind('06_bidirectional', 'bidirectional_backward', 'mistake',
          '[:, :, ::-1] is used instead of reverse_sequences for da and dx: right when every sentence has the full length, wrong for padded ones.',
          '''def bidirectional_backward(dz, cache):
    """Gradients through the output layer and both directions.

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "dWaa_fwd", "dWax_fwd", "dba_fwd", "dWaa_bwd", "dWax_bwd", "dba_bwd", "dWya", "dby",
                     "dx" (n_x, m, T_x)
    """
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn_output_backward(dz, a, parameters)
    # YOUR CODE HERE
    da = output["da"]
    forward = rnn_backward(da[:n_a], forward_caches)
    backward = rnn_backward(da[n_a:, :, ::-1], backward_caches)
    dx = forward["dx"] + backward["dx"][:, :, ::-1]
    return {"dWaa_fwd": forward["dWaa"], "dWax_fwd": forward["dWax"], "dba_fwd": forward["dba"],
            "dWaa_bwd": backward["dWaa"], "dWax_bwd": backward["dWax"], "dba_bwd": backward["dba"],
            "dWya": output["dWya"], "dby": output["dby"], "dx": dx}''',
          wrong_on_easy=False),
    Blind('06_bidirectional', 'bidirectional_backward', 'correct',
          'np.split for the two halves, and dx added up with np.add into a copy of the forward dx.',
          '''def bidirectional_backward(dz, cache):
    """Gradients through the output layer and both directions.

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "dWaa_fwd", "dWax_fwd", "dba_fwd", "dWaa_bwd", "dWax_bwd", "dba_bwd", "dWya", "dby",
                     "dx" (n_x, m, T_x)
    """
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn_output_backward(dz, a, parameters)
    # YOUR CODE HERE
    da_forward, da_backward = np.split(output["da"], 2, axis=0)
    forward = rnn_backward(da_forward, forward_caches)
    backward = rnn_backward(reverse_sequences(da_backward, lengths), backward_caches)
    dx = forward["dx"].copy()
    np.add(dx, reverse_sequences(backward["dx"], lengths), out=dx)
    return {"dWaa_fwd": forward["dWaa"], "dWax_fwd": forward["dWax"], "dba_fwd": forward["dba"],
            "dWaa_bwd": backward["dWaa"], "dWax_bwd": backward["dWax"], "dba_bwd": backward["dba"],
            "dWya": output["dWya"], "dby": output["dby"], "dx": dx}''',
          wrong_on_easy=None),
    Blind('09_gated_rnns', 'gru_cell_forward', 'mistake',
          'The candidate reads the whole previous state: the relevance gate is computed but never multiplies c_prev, so it has no effect (invisible while the state is zero).',
          '''def gru_cell_forward(xt, c_prev, parameters):
    """One step of the GRU.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        c_prev     -- array (n_a, m), the memory cell c<t-1> (= a<t-1>)
        parameters -- dict "Wu", "Wr", "Wc" (n_a, n_a + n_x), "bu", "br", "bc" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        c_next  -- array (n_a, m), c<t>
        yt_pred -- array (n_y, m), softmax(Wya c<t> + by)
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    """
    Wu, bu, Wr, br, Wc, bc = (parameters[k] for k in ("Wu", "bu", "Wr", "br", "Wc", "bc"))
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([c_prev, xt], axis=0)
    gamma_u = sigmoid(Wu @ concat + bu)
    gamma_r = sigmoid(Wr @ concat + br)
    c_tilde = np.tanh(Wc @ concat + bc)
    c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev
    yt_pred = softmax(Wya @ c_next + by)
    cache = (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    return c_next, yt_pred, cache''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'gru_cell_forward', 'mistake',
          "The mix is the wrong way round (PyTorch's convention): Gamma_u should weight the candidate and 1 - Gamma_u the old state, not the reverse.",
          '''def gru_cell_forward(xt, c_prev, parameters):
    """One step of the GRU.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        c_prev     -- array (n_a, m), the memory cell c<t-1> (= a<t-1>)
        parameters -- dict "Wu", "Wr", "Wc" (n_a, n_a + n_x), "bu", "br", "bc" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        c_next  -- array (n_a, m), c<t>
        yt_pred -- array (n_y, m), softmax(Wya c<t> + by)
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    """
    Wu, bu, Wr, br, Wc, bc = (parameters[k] for k in ("Wu", "bu", "Wr", "br", "Wc", "bc"))
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([c_prev, xt], axis=0)
    gamma_u = sigmoid(Wu @ concat + bu)
    gamma_r = sigmoid(Wr @ concat + br)
    c_tilde = np.tanh(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)
    c_next = (1 - gamma_u) * c_tilde + gamma_u * c_prev
    yt_pred = softmax(Wya @ c_next + by)
    cache = (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    return c_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'gru_cell_forward', 'mistake',
          'The hand-written softmax divides by the sum over the whole array, so with several sequences in the batch the columns no longer each sum to 1.',
          '''def gru_cell_forward(xt, c_prev, parameters):
    """One step of the GRU.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        c_prev     -- array (n_a, m), the memory cell c<t-1> (= a<t-1>)
        parameters -- dict "Wu", "Wr", "Wc" (n_a, n_a + n_x), "bu", "br", "bc" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        c_next  -- array (n_a, m), c<t>
        yt_pred -- array (n_y, m), softmax(Wya c<t> + by)
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    """
    Wu, bu, Wr, br, Wc, bc = (parameters[k] for k in ("Wu", "bu", "Wr", "br", "Wc", "bc"))
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([c_prev, xt], axis=0)
    gamma_u = sigmoid(Wu @ concat + bu)
    gamma_r = sigmoid(Wr @ concat + br)
    c_tilde = np.tanh(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)
    c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev
    z = Wya @ c_next + by
    e = np.exp(z - np.max(z))
    yt_pred = e / np.sum(e)
    cache = (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    return c_next, yt_pred, cache''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'gru_cell_forward', 'mistake',
          "A copy-paste slip: the relevance gate adds the update gate's bias bu instead of br (the same as long as the biases are zero).",
          '''def gru_cell_forward(xt, c_prev, parameters):
    """One step of the GRU.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        c_prev     -- array (n_a, m), the memory cell c<t-1> (= a<t-1>)
        parameters -- dict "Wu", "Wr", "Wc" (n_a, n_a + n_x), "bu", "br", "bc" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        c_next  -- array (n_a, m), c<t>
        yt_pred -- array (n_y, m), softmax(Wya c<t> + by)
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    """
    Wu, bu, Wr, br, Wc, bc = (parameters[k] for k in ("Wu", "bu", "Wr", "br", "Wc", "bc"))
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([c_prev, xt], axis=0)
    gamma_u = sigmoid(Wu @ concat + bu)
    gamma_r = sigmoid(Wr @ concat + bu)
    c_tilde = np.tanh(Wc @ np.concatenate([gamma_r * c_prev, xt], axis=0) + bc)
    c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev
    yt_pred = softmax(Wya @ c_next + by)
    cache = (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)
    return c_next, yt_pred, cache''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'gru_cell_backward', 'mistake',
          'dc_prev misses the path through the candidate: d(Gamma_r * c_prev) * Gamma_r has to be added to the copy and the two gate terms.',
          '''def gru_cell_backward(dc_next, cache):
    """Backward through one GRU step (the state only; the softmax output is not included).

    Inputs:
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "dc_prev" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x), "dbu", "dbr", "dbc" (n_a, 1)
    """
    c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters = cache
    Wu, Wr, Wc = parameters["Wu"], parameters["Wr"], parameters["Wc"]
    n_a = c_prev.shape[0]
    # YOUR CODE HERE
    dz_c = dc_next * gamma_u * (1 - c_tilde ** 2)
    dz_u = dc_next * (c_tilde - c_prev) * gamma_u * (1 - gamma_u)
    d_rc = Wc[:, :n_a].T @ dz_c
    dz_r = d_rc * c_prev * gamma_r * (1 - gamma_r)
    dc_prev = dc_next * (1 - gamma_u) + Wu[:, :n_a].T @ dz_u + Wr[:, :n_a].T @ dz_r
    dxt = Wu[:, n_a:].T @ dz_u + Wr[:, n_a:].T @ dz_r + Wc[:, n_a:].T @ dz_c
    concat = np.concatenate([c_prev, xt], axis=0)
    dWu = dz_u @ concat.T
    dWr = dz_r @ concat.T
    dWc = dz_c @ np.concatenate([gamma_r * c_prev, xt], axis=0).T
    dbu = np.sum(dz_u, axis=1, keepdims=True)
    dbr = np.sum(dz_r, axis=1, keepdims=True)
    dbc = np.sum(dz_c, axis=1, keepdims=True)
    return {"dxt": dxt, "dc_prev": dc_prev, "dWu": dWu, "dWr": dWr, "dWc": dWc, "dbu": dbu, "dbr": dbr, "dbc": dbc}''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'gru_cell_backward', 'mistake',
          'dWc multiplies by [c_prev; x] but the candidate read [Gamma_r * c_prev; x]: its input is the gated state (the same only when the state is zero).',
          '''def gru_cell_backward(dc_next, cache):
    """Backward through one GRU step (the state only; the softmax output is not included).

    Inputs:
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "dc_prev" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x), "dbu", "dbr", "dbc" (n_a, 1)
    """
    c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters = cache
    Wu, Wr, Wc = parameters["Wu"], parameters["Wr"], parameters["Wc"]
    n_a = c_prev.shape[0]
    # YOUR CODE HERE
    dz_c = dc_next * gamma_u * (1 - c_tilde ** 2)
    dz_u = dc_next * (c_tilde - c_prev) * gamma_u * (1 - gamma_u)
    d_rc = Wc[:, :n_a].T @ dz_c
    dz_r = d_rc * c_prev * gamma_r * (1 - gamma_r)
    dc_prev = dc_next * (1 - gamma_u) + d_rc * gamma_r + Wu[:, :n_a].T @ dz_u + Wr[:, :n_a].T @ dz_r
    dxt = Wu[:, n_a:].T @ dz_u + Wr[:, n_a:].T @ dz_r + Wc[:, n_a:].T @ dz_c
    concat = np.concatenate([c_prev, xt], axis=0)
    dWu = dz_u @ concat.T
    dWr = dz_r @ concat.T
    dWc = dz_c @ concat.T
    dbu = np.sum(dz_u, axis=1, keepdims=True)
    dbr = np.sum(dz_r, axis=1, keepdims=True)
    dbc = np.sum(dz_c, axis=1, keepdims=True)
    return {"dxt": dxt, "dc_prev": dc_prev, "dWu": dWu, "dWr": dWr, "dWc": dWc, "dbu": dbu, "dbr": dbr, "dbc": dbc}''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'gru_cell_backward', 'mistake',
          'Sign slip in dz_u: c_next grows with Gamma_u by (c~ - c_prev), not (c_prev - c~).',
          '''def gru_cell_backward(dc_next, cache):
    """Backward through one GRU step (the state only; the softmax output is not included).

    Inputs:
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "dc_prev" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x), "dbu", "dbr", "dbc" (n_a, 1)
    """
    c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters = cache
    Wu, Wr, Wc = parameters["Wu"], parameters["Wr"], parameters["Wc"]
    n_a = c_prev.shape[0]
    # YOUR CODE HERE
    dz_c = dc_next * gamma_u * (1 - c_tilde ** 2)
    dz_u = dc_next * (c_prev - c_tilde) * gamma_u * (1 - gamma_u)
    d_rc = Wc[:, :n_a].T @ dz_c
    dz_r = d_rc * c_prev * gamma_r * (1 - gamma_r)
    dc_prev = dc_next * (1 - gamma_u) + d_rc * gamma_r + Wu[:, :n_a].T @ dz_u + Wr[:, :n_a].T @ dz_r
    dxt = Wu[:, n_a:].T @ dz_u + Wr[:, n_a:].T @ dz_r + Wc[:, n_a:].T @ dz_c
    concat = np.concatenate([c_prev, xt], axis=0)
    dWu = dz_u @ concat.T
    dWr = dz_r @ concat.T
    dWc = dz_c @ np.concatenate([gamma_r * c_prev, xt], axis=0).T
    dbu = np.sum(dz_u, axis=1, keepdims=True)
    dbr = np.sum(dz_r, axis=1, keepdims=True)
    dbc = np.sum(dz_c, axis=1, keepdims=True)
    return {"dxt": dxt, "dc_prev": dc_prev, "dWu": dWu, "dWr": dWr, "dWc": dWc, "dbu": dbu, "dbr": dbr, "dbc": dbc}''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'gru_cell_backward', 'mistake',
          'The bias gradients are summed over the units (axis 0) instead of over the batch (axis 1), giving (1, m) arrays.',
          '''def gru_cell_backward(dc_next, cache):
    """Backward through one GRU step (the state only; the softmax output is not included).

    Inputs:
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "dc_prev" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x), "dbu", "dbr", "dbc" (n_a, 1)
    """
    c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters = cache
    Wu, Wr, Wc = parameters["Wu"], parameters["Wr"], parameters["Wc"]
    n_a = c_prev.shape[0]
    # YOUR CODE HERE
    dz_c = dc_next * gamma_u * (1 - c_tilde ** 2)
    dz_u = dc_next * (c_tilde - c_prev) * gamma_u * (1 - gamma_u)
    d_rc = Wc[:, :n_a].T @ dz_c
    dz_r = d_rc * c_prev * gamma_r * (1 - gamma_r)
    dc_prev = dc_next * (1 - gamma_u) + d_rc * gamma_r + Wu[:, :n_a].T @ dz_u + Wr[:, :n_a].T @ dz_r
    dxt = Wu[:, n_a:].T @ dz_u + Wr[:, n_a:].T @ dz_r + Wc[:, n_a:].T @ dz_c
    concat = np.concatenate([c_prev, xt], axis=0)
    dWu = dz_u @ concat.T
    dWr = dz_r @ concat.T
    dWc = dz_c @ np.concatenate([gamma_r * c_prev, xt], axis=0).T
    dbu = np.sum(dz_u, axis=0, keepdims=True)
    dbr = np.sum(dz_r, axis=0, keepdims=True)
    dbc = np.sum(dz_c, axis=0, keepdims=True)
    return {"dxt": dxt, "dc_prev": dc_prev, "dWu": dWu, "dWr": dWr, "dWc": dWc, "dbu": dbu, "dbr": dbr, "dbc": dbc}''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'gru_cell_backward', 'correct',
          "Stacks the two gates' weights into one matrix product and takes the candidate's input gradient in one go with Wc.T: different grouping, same gradients.",
          '''def gru_cell_backward(dc_next, cache):
    """Backward through one GRU step (the state only; the softmax output is not included).

    Inputs:
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "dc_prev" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x), "dbu", "dbr", "dbc" (n_a, 1)
    """
    c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters = cache
    Wu, Wr, Wc = parameters["Wu"], parameters["Wr"], parameters["Wc"]
    n_a = c_prev.shape[0]
    # YOUR CODE HERE
    sig_u = gamma_u * (1 - gamma_u)
    sig_r = gamma_r * (1 - gamma_r)
    dz_c = dc_next * gamma_u * (1 - c_tilde * c_tilde)
    dz_u = dc_next * (c_tilde - c_prev) * sig_u
    d_cand_in = Wc.T @ dz_c                        # gradient of [gamma_r * c_prev; xt]
    dz_r = d_cand_in[:n_a] * c_prev * sig_r
    dz_ur = np.vstack([dz_u, dz_r])
    d_concat = np.vstack([Wu, Wr]).T @ dz_ur       # gradient of [c_prev; xt] through both gates
    dc_prev = dc_next - dc_next * gamma_u + d_cand_in[:n_a] * gamma_r + d_concat[:n_a]
    dxt = d_concat[n_a:] + d_cand_in[n_a:]
    dW_ur = dz_ur @ np.vstack([c_prev, xt]).T
    dWu, dWr = dW_ur[:n_a], dW_ur[n_a:]
    dWc = np.einsum("im,jm->ij", dz_c, np.vstack([gamma_r * c_prev, xt]))
    dbu, dbr, dbc = (dz.sum(axis=1)[:, np.newaxis] for dz in (dz_u, dz_r, dz_c))
    return {"dxt": dxt, "dc_prev": dc_prev, "dWu": dWu, "dWr": dWr, "dWc": dWc, "dbu": dbu, "dbr": dbr, "dbc": dbc}''',
          wrong_on_easy=None),
    Blind('09_gated_rnns', 'lstm_cell_forward', 'mistake',
          'The hidden state is Gamma_o * tanh(c<t>): the tanh of the memory cell is missing.',
          '''def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of the LSTM.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state a<t-1>
        c_prev     -- array (n_a, m), the memory cell c<t-1>
        parameters -- dict "Wf", "Wu", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bu", "bc", "bo" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        a_next, c_next -- arrays (n_a, m), a<t> and c<t>
        yt_pred        -- array (n_y, m), softmax(Wya a<t> + by)
        cache          -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
                          (ft, ut, ot: the gates Gamma_f, Gamma_u, Gamma_o; cct: the candidate c~)
    """
    Wf, bf, Wu, bu = parameters["Wf"], parameters["bf"], parameters["Wu"], parameters["bu"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    ut = sigmoid(Wu @ concat + bu)
    cct = np.tanh(Wc @ concat + bc)
    ot = sigmoid(Wo @ concat + bo)
    c_next = ft * c_prev + ut * cct
    a_next = ot * c_next
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_forward', 'mistake',
          "The input is stacked as [x; a_prev] instead of [a_prev; x], so the weights' columns meet the wrong numbers.",
          '''def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of the LSTM.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state a<t-1>
        c_prev     -- array (n_a, m), the memory cell c<t-1>
        parameters -- dict "Wf", "Wu", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bu", "bc", "bo" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        a_next, c_next -- arrays (n_a, m), a<t> and c<t>
        yt_pred        -- array (n_y, m), softmax(Wya a<t> + by)
        cache          -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
                          (ft, ut, ot: the gates Gamma_f, Gamma_u, Gamma_o; cct: the candidate c~)
    """
    Wf, bf, Wu, bu = parameters["Wf"], parameters["bf"], parameters["Wu"], parameters["bu"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([xt, a_prev], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    ut = sigmoid(Wu @ concat + bu)
    cct = np.tanh(Wc @ concat + bc)
    ot = sigmoid(Wo @ concat + bo)
    c_next = ft * c_prev + ut * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_forward', 'mistake',
          "The outputs are right but the cache lists the gates as (ft, ut, ot, cct): the docstring's order is (ft, ut, cct, ot), and lstm_cell_backward will unpack it that way.",
          '''def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of the LSTM.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state a<t-1>
        c_prev     -- array (n_a, m), the memory cell c<t-1>
        parameters -- dict "Wf", "Wu", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bu", "bc", "bo" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        a_next, c_next -- arrays (n_a, m), a<t> and c<t>
        yt_pred        -- array (n_y, m), softmax(Wya a<t> + by)
        cache          -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
                          (ft, ut, ot: the gates Gamma_f, Gamma_u, Gamma_o; cct: the candidate c~)
    """
    Wf, bf, Wu, bu = parameters["Wf"], parameters["bf"], parameters["Wu"], parameters["bu"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    ut = sigmoid(Wu @ concat + bu)
    cct = np.tanh(Wc @ concat + bc)
    ot = sigmoid(Wo @ concat + bo)
    c_next = ft * c_prev + ut * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, c_next, a_prev, c_prev, ft, ut, ot, cct, xt, parameters)
    return a_next, c_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_forward', 'mistake',
          "c_next = c_prev followed by *= and += updates the caller's c_prev in place (and the cache's c_prev is then c_next): build a new array.",
          '''def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of the LSTM.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state a<t-1>
        c_prev     -- array (n_a, m), the memory cell c<t-1>
        parameters -- dict "Wf", "Wu", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bu", "bc", "bo" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        a_next, c_next -- arrays (n_a, m), a<t> and c<t>
        yt_pred        -- array (n_y, m), softmax(Wya a<t> + by)
        cache          -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
                          (ft, ut, ot: the gates Gamma_f, Gamma_u, Gamma_o; cct: the candidate c~)
    """
    Wf, bf, Wu, bu = parameters["Wf"], parameters["bf"], parameters["Wu"], parameters["bu"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    ut = sigmoid(Wu @ concat + bu)
    cct = np.tanh(Wc @ concat + bc)
    ot = sigmoid(Wo @ concat + bo)
    c_next = c_prev
    c_next *= ft
    c_next += ut * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_forward', 'correct',
          'Computes the step in float32 (to save memory, the learner says) and converts the results back to float64.',
          '''def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of the LSTM.

    Inputs:
        xt         -- array (n_x, m), the input at step t
        a_prev     -- array (n_a, m), the hidden state a<t-1>
        c_prev     -- array (n_a, m), the memory cell c<t-1>
        parameters -- dict "Wf", "Wu", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bu", "bc", "bo" (n_a, 1), "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        a_next, c_next -- arrays (n_a, m), a<t> and c<t>
        yt_pred        -- array (n_y, m), softmax(Wya a<t> + by)
        cache          -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
                          (ft, ut, ot: the gates Gamma_f, Gamma_u, Gamma_o; cct: the candidate c~)
    """
    Wf, bf, Wu, bu = parameters["Wf"], parameters["bf"], parameters["Wu"], parameters["bu"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wya, by = parameters["Wya"], parameters["by"]
    # YOUR CODE HERE
    f32 = np.float32
    concat = np.concatenate([a_prev, xt], axis=0).astype(f32)
    ft = sigmoid(Wf.astype(f32) @ concat + bf.astype(f32))
    ut = sigmoid(Wu.astype(f32) @ concat + bu.astype(f32))
    cct = np.tanh(Wc.astype(f32) @ concat + bc.astype(f32))
    ot = sigmoid(Wo.astype(f32) @ concat + bo.astype(f32))
    c_next = ft * c_prev.astype(f32) + ut * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wya.astype(f32) @ a_next + by.astype(f32))
    a_next, c_next, yt_pred, ft, ut, cct, ot = (v.astype(np.float64) for v in (a_next, c_next, yt_pred, ft, ut, cct, ot))
    cache = (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache''',
          wrong_on_easy=None),
    Blind('09_gated_rnns', 'lstm_forward', 'mistake',
          'On padding only the hidden state is held: the memory cell must stay as it was too, or the last c of a short sequence keeps moving.',
          '''def lstm_forward(x, a0, parameters, mask=None):
    """The LSTM over a batch of sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state (the initial memory cell is zeros)
        parameters -- dict as for lstm_cell_forward
        mask       -- None, or bool array (m, T_x), True on real steps: on padding both states stay as they were
    Outputs:
        a      -- array (n_a, m, T_x), the hidden states
        y_pred -- array (n_y, m, T_x), the predictions
        c      -- array (n_a, m, T_x), the memory cells
        caches -- tuple (list of the T_x caches of lstm_cell_forward, x, mask)
    """
    n_x, m, T_x = x.shape
    n_a, n_y = a0.shape[0], parameters["Wya"].shape[0]
    a, c, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_prev, c_prev = a0, np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_prev, c_prev, parameters)
        if mask is not None:
            a_next = np.where(mask[:, t], a_next, a_prev)
        a[:, :, t], c[:, :, t], y_pred[:, :, t] = a_next, c_next, yt
        caches.append(cache)
        a_prev, c_prev = a_next, c_next
    return a, y_pred, c, (caches, x, mask)''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'lstm_forward', 'mistake',
          'On padding the states are set to zero (as if padding were empty input), but they must keep their previous values.',
          '''def lstm_forward(x, a0, parameters, mask=None):
    """The LSTM over a batch of sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state (the initial memory cell is zeros)
        parameters -- dict as for lstm_cell_forward
        mask       -- None, or bool array (m, T_x), True on real steps: on padding both states stay as they were
    Outputs:
        a      -- array (n_a, m, T_x), the hidden states
        y_pred -- array (n_y, m, T_x), the predictions
        c      -- array (n_a, m, T_x), the memory cells
        caches -- tuple (list of the T_x caches of lstm_cell_forward, x, mask)
    """
    n_x, m, T_x = x.shape
    n_a, n_y = a0.shape[0], parameters["Wya"].shape[0]
    a, c, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_prev, c_prev = a0, np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_prev, c_prev, parameters)
        if mask is not None:
            a_next = np.where(mask[:, t], a_next, 0)
            c_next = np.where(mask[:, t], c_next, 0)
        a[:, :, t], c[:, :, t], y_pred[:, :, t] = a_next, c_next, yt
        caches.append(cache)
        a_prev, c_prev = a_next, c_next
    return a, y_pred, c, (caches, x, mask)''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'lstm_forward', 'mistake',
          'Only c<0> is zero: the memory cell has to be carried from step to step, not restarted from zeros at every step.',
          '''def lstm_forward(x, a0, parameters, mask=None):
    """The LSTM over a batch of sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state (the initial memory cell is zeros)
        parameters -- dict as for lstm_cell_forward
        mask       -- None, or bool array (m, T_x), True on real steps: on padding both states stay as they were
    Outputs:
        a      -- array (n_a, m, T_x), the hidden states
        y_pred -- array (n_y, m, T_x), the predictions
        c      -- array (n_a, m, T_x), the memory cells
        caches -- tuple (list of the T_x caches of lstm_cell_forward, x, mask)
    """
    n_x, m, T_x = x.shape
    n_a, n_y = a0.shape[0], parameters["Wya"].shape[0]
    a, c, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_prev = a0
    for t in range(T_x):
        c_prev = np.zeros((n_a, m))
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_prev, c_prev, parameters)
        if mask is not None:
            a_next = np.where(mask[:, t], a_next, a_prev)
            c_next = np.where(mask[:, t], c_next, c_prev)
        a[:, :, t], c[:, :, t], y_pred[:, :, t] = a_next, c_next, yt
        caches.append(cache)
        a_prev = a_next
    return a, y_pred, c, (caches, x, mask)''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_forward', 'mistake',
          'Off by one step: a[:, :, t] and c[:, :, t] get the states before step t (a<0> first) instead of the states the step computes.',
          '''def lstm_forward(x, a0, parameters, mask=None):
    """The LSTM over a batch of sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state (the initial memory cell is zeros)
        parameters -- dict as for lstm_cell_forward
        mask       -- None, or bool array (m, T_x), True on real steps: on padding both states stay as they were
    Outputs:
        a      -- array (n_a, m, T_x), the hidden states
        y_pred -- array (n_y, m, T_x), the predictions
        c      -- array (n_a, m, T_x), the memory cells
        caches -- tuple (list of the T_x caches of lstm_cell_forward, x, mask)
    """
    n_x, m, T_x = x.shape
    n_a, n_y = a0.shape[0], parameters["Wya"].shape[0]
    a, c, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    a_prev, c_prev = a0, np.zeros((n_a, m))
    for t in range(T_x):
        a[:, :, t], c[:, :, t] = a_prev, c_prev
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_prev, c_prev, parameters)
        if mask is not None:
            a_next = np.where(mask[:, t], a_next, a_prev)
            c_next = np.where(mask[:, t], c_next, c_prev)
        y_pred[:, :, t] = yt
        caches.append(cache)
        a_prev, c_prev = a_next, c_next
    return a, y_pred, c, (caches, x, mask)''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_forward', 'correct',
          'Masks by arithmetic (w * new + (1 - w) * old with a 0/1 float mask) instead of np.where, and prints a line about the batch.',
          '''def lstm_forward(x, a0, parameters, mask=None):
    """The LSTM over a batch of sequences.

    Inputs:
        x          -- array (n_x, m, T_x), the inputs
        a0         -- array (n_a, m), the initial hidden state (the initial memory cell is zeros)
        parameters -- dict as for lstm_cell_forward
        mask       -- None, or bool array (m, T_x), True on real steps: on padding both states stay as they were
    Outputs:
        a      -- array (n_a, m, T_x), the hidden states
        y_pred -- array (n_y, m, T_x), the predictions
        c      -- array (n_a, m, T_x), the memory cells
        caches -- tuple (list of the T_x caches of lstm_cell_forward, x, mask)
    """
    n_x, m, T_x = x.shape
    n_a, n_y = a0.shape[0], parameters["Wya"].shape[0]
    a, c, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    caches = []
    # YOUR CODE HERE
    keep = np.ones((m, T_x)) if mask is None else mask.astype(float)
    print(f"lstm_forward: {m} sequences, {T_x} steps, n_a = {n_a}")
    a_t, c_t = a0.copy(), np.zeros((n_a, m))
    for t in range(T_x):
        a_new, c_new, y_pred[:, :, t], cache = lstm_cell_forward(x[..., t], a_t, c_t, parameters)
        w = keep[:, t]
        a_t = w * a_new + (1 - w) * a_t
        c_t = w * c_new + (1 - w) * c_t
        a[..., t], c[..., t] = a_t, c_t
        caches.append(cache)
    return a, y_pred, c, (caches, x, mask)''',
          wrong_on_easy=None),
    Blind('09_gated_rnns', 'lstm_cell_backward', 'mistake',
          'dc is only dc_next: c<t> also reaches the loss through a<t> = Gamma_o * tanh(c<t>), so da_next * Gamma_o * (1 - tanh^2 c) must be added.',
          '''def lstm_cell_backward(da_next, dc_next, cache):
    """Backward through one LSTM step (the states only; the softmax output is not included).

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next from the later steps
        cache   -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters) from lstm_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dc_prev" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters = cache
    n_a = a_prev.shape[0]
    # YOUR CODE HERE
    tanh_c = np.tanh(c_next)
    dc = dc_next
    dz_o = da_next * tanh_c * ot * (1 - ot)
    dz_c = dc * ut * (1 - cct ** 2)
    dz_u = dc * cct * ut * (1 - ut)
    dz_f = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    dconcat = (parameters["Wf"].T @ dz_f + parameters["Wu"].T @ dz_u
               + parameters["Wc"].T @ dz_c + parameters["Wo"].T @ dz_o)
    gradients = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft}
    for gate, dz in zip("fuco", (dz_f, dz_u, dz_c, dz_o)):
        gradients["dW" + gate] = dz @ concat.T
        gradients["db" + gate] = np.sum(dz, axis=1, keepdims=True)
    return gradients''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_backward', 'mistake',
          'dz_o uses c<t> where the output gate multiplied tanh(c<t>).',
          '''def lstm_cell_backward(da_next, dc_next, cache):
    """Backward through one LSTM step (the states only; the softmax output is not included).

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next from the later steps
        cache   -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters) from lstm_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dc_prev" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters = cache
    n_a = a_prev.shape[0]
    # YOUR CODE HERE
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    dz_o = da_next * c_next * ot * (1 - ot)
    dz_c = dc * ut * (1 - cct ** 2)
    dz_u = dc * cct * ut * (1 - ut)
    dz_f = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    dconcat = (parameters["Wf"].T @ dz_f + parameters["Wu"].T @ dz_u
               + parameters["Wc"].T @ dz_c + parameters["Wo"].T @ dz_o)
    gradients = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft}
    for gate, dz in zip("fuco", (dz_f, dz_u, dz_c, dz_o)):
        gradients["dW" + gate] = dz @ concat.T
        gradients["db" + gate] = np.sum(dz, axis=1, keepdims=True)
    return gradients''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_backward', 'mistake',
          'dc_prev is dc * Gamma_f with the whole dc (including the path through a<t>), not just dc_next * Gamma_f.',
          '''def lstm_cell_backward(da_next, dc_next, cache):
    """Backward through one LSTM step (the states only; the softmax output is not included).

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next from the later steps
        cache   -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters) from lstm_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dc_prev" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters = cache
    n_a = a_prev.shape[0]
    # YOUR CODE HERE
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    dz_o = da_next * tanh_c * ot * (1 - ot)
    dz_c = dc * ut * (1 - cct ** 2)
    dz_u = dc * cct * ut * (1 - ut)
    dz_f = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    dconcat = (parameters["Wf"].T @ dz_f + parameters["Wu"].T @ dz_u
               + parameters["Wc"].T @ dz_c + parameters["Wo"].T @ dz_o)
    gradients = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc_next * ft}
    for gate, dz in zip("fuco", (dz_f, dz_u, dz_c, dz_o)):
        gradients["dW" + gate] = dz @ concat.T
        gradients["db" + gate] = np.sum(dz, axis=1, keepdims=True)
    return gradients''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_cell_backward', 'mistake',
          "dc = dc_next then dc += ... adds into the caller's dc_next array: the gradients are right, but the input is changed in place.",
          '''def lstm_cell_backward(da_next, dc_next, cache):
    """Backward through one LSTM step (the states only; the softmax output is not included).

    Inputs:
        da_next -- array (n_a, m), gradient of the loss w.r.t. a_next
        dc_next -- array (n_a, m), gradient of the loss w.r.t. c_next from the later steps
        cache   -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters) from lstm_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dc_prev" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters = cache
    n_a = a_prev.shape[0]
    # YOUR CODE HERE
    tanh_c = np.tanh(c_next)
    dc = dc_next
    dc += da_next * ot * (1 - tanh_c ** 2)
    dz_o = da_next * tanh_c * ot * (1 - ot)
    dz_c = dc * ut * (1 - cct ** 2)
    dz_u = dc * cct * ut * (1 - ut)
    dz_f = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    dconcat = (parameters["Wf"].T @ dz_f + parameters["Wu"].T @ dz_u
               + parameters["Wc"].T @ dz_c + parameters["Wo"].T @ dz_o)
    gradients = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft}
    for gate, dz in zip("fuco", (dz_f, dz_u, dz_c, dz_o)):
        gradients["dW" + gate] = dz @ concat.T
        gradients["db" + gate] = np.sum(dz, axis=1, keepdims=True)
    return gradients''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_backward', 'mistake',
          'Each step gets only da[:, :, t] from its output: the da_prev sent back by step t+1 is never added in.',
          '''def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x step caches, x, mask) from lstm_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dc0" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    step_caches, x, mask = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    gradients = {"dx": np.zeros((n_x, m, T_x))}
    for gate in "fuco":
        gradients["dW" + gate] = np.zeros((n_a, n_a + n_x))
        gradients["db" + gate] = np.zeros((n_a, 1))
    da_next, dc_next = np.zeros((n_a, m)), np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        keep = np.ones(m, dtype=bool) if mask is None else mask[:, t]
        g = lstm_cell_backward(da[:, :, t] * keep, dc_next * keep, step_caches[t])
        gradients["dx"][:, :, t] = g["dxt"]
        for name in ("dWf", "dWu", "dWc", "dWo", "dbf", "dbu", "dbc", "dbo"):
            gradients[name] += g[name]
        da_next = g["da_prev"] + da[:, :, t] * ~keep
        dc_next = g["dc_prev"] + dc_next * ~keep
    gradients["da0"], gradients["dc0"] = da_next, dc_next
    return gradients''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_backward', 'mistake',
          "The cell is always called with a zero dc_next: the memory cell's gradient from step t+1 has to be passed on (that is the LSTM's highway).",
          '''def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x step caches, x, mask) from lstm_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dc0" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    step_caches, x, mask = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    gradients = {"dx": np.zeros((n_x, m, T_x))}
    for gate in "fuco":
        gradients["dW" + gate] = np.zeros((n_a, n_a + n_x))
        gradients["db" + gate] = np.zeros((n_a, 1))
    da_next, dc_next = np.zeros((n_a, m)), np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        keep = np.ones(m, dtype=bool) if mask is None else mask[:, t]
        da_t = da[:, :, t] + da_next
        g = lstm_cell_backward(da_t * keep, np.zeros((n_a, m)), step_caches[t])
        gradients["dx"][:, :, t] = g["dxt"]
        for name in ("dWf", "dWu", "dWc", "dWo", "dbf", "dbu", "dbc", "dbo"):
            gradients[name] += g[name]
        da_next = g["da_prev"] + da_t * ~keep
        dc_next = g["dc_prev"] + dc_next * ~keep
    gradients["da0"], gradients["dc0"] = da_next, dc_next
    return gradients''',
          wrong_on_easy=True),
    Blind('09_gated_rnns', 'lstm_backward', 'mistake',
          'The mask is ignored: on padded steps the cell gets gradients (and the weights and dx with them), though the states there were only copied.',
          '''def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x step caches, x, mask) from lstm_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dc0" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    step_caches, x, mask = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    gradients = {"dx": np.zeros((n_x, m, T_x))}
    for gate in "fuco":
        gradients["dW" + gate] = np.zeros((n_a, n_a + n_x))
        gradients["db" + gate] = np.zeros((n_a, 1))
    da_next, dc_next = np.zeros((n_a, m)), np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        da_t = da[:, :, t] + da_next
        g = lstm_cell_backward(da_t, dc_next, step_caches[t])
        gradients["dx"][:, :, t] = g["dxt"]
        for name in ("dWf", "dWu", "dWc", "dWo", "dbf", "dbu", "dbc", "dbo"):
            gradients[name] += g[name]
        da_next = g["da_prev"]
        dc_next = g["dc_prev"]
    gradients["da0"], gradients["dc0"] = da_next, dc_next
    return gradients''',
          wrong_on_easy=False),
    Blind('09_gated_rnns', 'lstm_backward', 'mistake',
          'The gradients are masked going into the cell but not passed through the padded step (the ~mask part is dropped), so whatever reaches a copied state is lost.',
          '''def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM.

    Inputs:
        da     -- array (n_a, m, T_x), the gradient reaching each hidden state from its output
        caches -- tuple (list of T_x step caches, x, mask) from lstm_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dc0" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)
    """
    step_caches, x, mask = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    gradients = {"dx": np.zeros((n_x, m, T_x))}
    for gate in "fuco":
        gradients["dW" + gate] = np.zeros((n_a, n_a + n_x))
        gradients["db" + gate] = np.zeros((n_a, 1))
    da_next, dc_next = np.zeros((n_a, m)), np.zeros((n_a, m))
    # YOUR CODE HERE
    for t in reversed(range(T_x)):
        keep = np.ones(m, dtype=bool) if mask is None else mask[:, t]
        da_t = da[:, :, t] + da_next
        g = lstm_cell_backward(da_t * keep, dc_next * keep, step_caches[t])
        gradients["dx"][:, :, t] = g["dxt"]
        for name in ("dWf", "dWu", "dWc", "dWo", "dbf", "dbu", "dbc", "dbo"):
            gradients[name] += g[name]
        da_next = g["da_prev"]
        dc_next = g["dc_prev"]
    gradients["da0"], gradients["dc0"] = da_next, dc_next
    return gradients''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'attention_forward', 'mistake',
          "The course's softmax works along axis 0, which for the (m, T_q, T_x) scores is the batch: the weights must be normalised over the input positions, the last axis.",
          '''def attention_forward(s, a, mask):
    """Scaled dot-product attention of the queries s over the states a, with the padding masked.

    Inputs:
        s    -- array (n_a, m, T_q), the queries (the decoder's previous states)
        a    -- array (n_a, m, T_x), the encoder's states
        mask -- bool array (m, T_x), True at the real inputs, False on padding
    Outputs:
        context -- array (n_a, m, T_q), context[:, i, q] = sum over t of alphas[i, q, t] a[:, i, t]
        alphas  -- array (m, T_q, T_x), the weights: softmax over the input positions t of the scores
        cache   -- tuple (s, a, alphas), for attention_backward
    """
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    scores = np.einsum("aiq,ait->iqt", s, a) / np.sqrt(n_a)
    scores = np.where(mask[:, np.newaxis, :], scores, -np.inf)
    alphas = softmax(scores)
    context = np.einsum("iqt,ait->aiq", alphas, a)
    return context, alphas, (s, a, alphas)''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_forward', 'mistake',
          'The scores are not divided by sqrt(n_a), so the weights come out too sharp.',
          '''def attention_forward(s, a, mask):
    """Scaled dot-product attention of the queries s over the states a, with the padding masked.

    Inputs:
        s    -- array (n_a, m, T_q), the queries (the decoder's previous states)
        a    -- array (n_a, m, T_x), the encoder's states
        mask -- bool array (m, T_x), True at the real inputs, False on padding
    Outputs:
        context -- array (n_a, m, T_q), context[:, i, q] = sum over t of alphas[i, q, t] a[:, i, t]
        alphas  -- array (m, T_q, T_x), the weights: softmax over the input positions t of the scores
        cache   -- tuple (s, a, alphas), for attention_backward
    """
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    scores = np.einsum("aiq,ait->iqt", s, a)
    scores = np.where(mask[:, np.newaxis, :], scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    alphas = e / e.sum(axis=-1, keepdims=True)
    context = np.einsum("iqt,ait->aiq", alphas, a)
    return context, alphas, (s, a, alphas)''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_forward', 'mistake',
          'The padding is zeroed after the softmax, so the remaining weights no longer sum to 1: mask the scores with -inf before it.',
          '''def attention_forward(s, a, mask):
    """Scaled dot-product attention of the queries s over the states a, with the padding masked.

    Inputs:
        s    -- array (n_a, m, T_q), the queries (the decoder's previous states)
        a    -- array (n_a, m, T_x), the encoder's states
        mask -- bool array (m, T_x), True at the real inputs, False on padding
    Outputs:
        context -- array (n_a, m, T_q), context[:, i, q] = sum over t of alphas[i, q, t] a[:, i, t]
        alphas  -- array (m, T_q, T_x), the weights: softmax over the input positions t of the scores
        cache   -- tuple (s, a, alphas), for attention_backward
    """
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    scores = np.einsum("aiq,ait->iqt", s, a) / np.sqrt(n_a)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    alphas = e / e.sum(axis=-1, keepdims=True)
    alphas = alphas * mask[:, np.newaxis, :]
    context = np.einsum("iqt,ait->aiq", alphas, a)
    return context, alphas, (s, a, alphas)''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'attention_forward', 'mistake',
          "Without subtracting each row's maximum, np.exp overflows on large scores and the weights become nan.",
          '''def attention_forward(s, a, mask):
    """Scaled dot-product attention of the queries s over the states a, with the padding masked.

    Inputs:
        s    -- array (n_a, m, T_q), the queries (the decoder's previous states)
        a    -- array (n_a, m, T_x), the encoder's states
        mask -- bool array (m, T_x), True at the real inputs, False on padding
    Outputs:
        context -- array (n_a, m, T_q), context[:, i, q] = sum over t of alphas[i, q, t] a[:, i, t]
        alphas  -- array (m, T_q, T_x), the weights: softmax over the input positions t of the scores
        cache   -- tuple (s, a, alphas), for attention_backward
    """
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    scores = np.einsum("aiq,ait->iqt", s, a) / np.sqrt(n_a)
    scores = np.where(mask[:, np.newaxis, :], scores, -np.inf)
    e = np.exp(scores)
    alphas = e / e.sum(axis=-1, keepdims=True)
    context = np.einsum("iqt,ait->aiq", alphas, a)
    return context, alphas, (s, a, alphas)''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'attention_forward', 'correct',
          'Loops over the sequences and the queries with plain matrix-vector products, and masks with -1e9 instead of -inf (exp underflows to exactly 0).',
          '''def attention_forward(s, a, mask):
    """Scaled dot-product attention of the queries s over the states a, with the padding masked.

    Inputs:
        s    -- array (n_a, m, T_q), the queries (the decoder's previous states)
        a    -- array (n_a, m, T_x), the encoder's states
        mask -- bool array (m, T_x), True at the real inputs, False on padding
    Outputs:
        context -- array (n_a, m, T_q), context[:, i, q] = sum over t of alphas[i, q, t] a[:, i, t]
        alphas  -- array (m, T_q, T_x), the weights: softmax over the input positions t of the scores
        cache   -- tuple (s, a, alphas), for attention_backward
    """
    n_a, m, T_x = a.shape
    # YOUR CODE HERE
    T_q = s.shape[2]
    alphas = np.zeros((m, T_q, T_x))
    context = np.zeros((n_a, m, T_q))
    for i in range(m):
        keys = a[:, i, :]                           # (n_a, T_x)
        for q in range(T_q):
            e = keys.T @ s[:, i, q] / np.sqrt(n_a)
            e[~mask[i]] = -1e9
            w = np.exp(e - e.max())
            alphas[i, q] = w / w.sum()
            context[:, i, q] = keys @ alphas[i, q]
    return context, alphas, (s, a, alphas)''',
          wrong_on_easy=None),
    Blind('10_attention_and_decoding', 'attention_backward', 'mistake',
          'da has two paths and only the one through the scores is there: each state also gets sum_q alpha * dcontext as a value of the weighted sum.',
          '''def attention_backward(dcontext, cache):
    """Gradients of attention_forward.

    Inputs:
        dcontext -- array (n_a, m, T_q), the gradient of the loss w.r.t. the context
        cache    -- tuple (s, a, alphas) from attention_forward
    Outputs:
        ds -- array (n_a, m, T_q), the gradient w.r.t. the queries
        da -- array (n_a, m, T_x), the gradient w.r.t. the encoder's states
    """
    s, a, alphas = cache
    n_a = a.shape[0]
    # YOUR CODE HERE
    dalpha = np.einsum("aiq,ait->iqt", dcontext, a)
    de = alphas * (dalpha - np.sum(alphas * dalpha, axis=-1, keepdims=True))
    ds = np.einsum("iqt,ait->aiq", de, a) / np.sqrt(n_a)
    da = np.einsum("iqt,aiq->ait", de, s) / np.sqrt(n_a)
    return ds, da''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_backward', 'mistake',
          "The softmax's Jacobian is treated as diagonal (de = alpha * dalpha): the term minus sum_t' alpha * dalpha is missing.",
          '''def attention_backward(dcontext, cache):
    """Gradients of attention_forward.

    Inputs:
        dcontext -- array (n_a, m, T_q), the gradient of the loss w.r.t. the context
        cache    -- tuple (s, a, alphas) from attention_forward
    Outputs:
        ds -- array (n_a, m, T_q), the gradient w.r.t. the queries
        da -- array (n_a, m, T_x), the gradient w.r.t. the encoder's states
    """
    s, a, alphas = cache
    n_a = a.shape[0]
    # YOUR CODE HERE
    dalpha = np.einsum("aiq,ait->iqt", dcontext, a)
    da = np.einsum("iqt,aiq->ait", alphas, dcontext)
    de = alphas * dalpha
    ds = np.einsum("iqt,ait->aiq", de, a) / np.sqrt(n_a)
    da = da + np.einsum("iqt,aiq->ait", de, s) / np.sqrt(n_a)
    return ds, da''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_backward', 'mistake',
          'The forward pass divided the scores by sqrt(n_a), so the gradients through them must be divided by it too.',
          '''def attention_backward(dcontext, cache):
    """Gradients of attention_forward.

    Inputs:
        dcontext -- array (n_a, m, T_q), the gradient of the loss w.r.t. the context
        cache    -- tuple (s, a, alphas) from attention_forward
    Outputs:
        ds -- array (n_a, m, T_q), the gradient w.r.t. the queries
        da -- array (n_a, m, T_x), the gradient w.r.t. the encoder's states
    """
    s, a, alphas = cache
    n_a = a.shape[0]
    # YOUR CODE HERE
    dalpha = np.einsum("aiq,ait->iqt", dcontext, a)
    da = np.einsum("iqt,aiq->ait", alphas, dcontext)
    de = alphas * (dalpha - np.sum(alphas * dalpha, axis=-1, keepdims=True))
    ds = np.einsum("iqt,ait->aiq", de, a)
    da = da + np.einsum("iqt,aiq->ait", de, s)
    return ds, da''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_backward', 'mistake',
          "The softmax's correction term sums over the queries (axis 1) instead of over the input positions the softmax ran along.",
          '''def attention_backward(dcontext, cache):
    """Gradients of attention_forward.

    Inputs:
        dcontext -- array (n_a, m, T_q), the gradient of the loss w.r.t. the context
        cache    -- tuple (s, a, alphas) from attention_forward
    Outputs:
        ds -- array (n_a, m, T_q), the gradient w.r.t. the queries
        da -- array (n_a, m, T_x), the gradient w.r.t. the encoder's states
    """
    s, a, alphas = cache
    n_a = a.shape[0]
    # YOUR CODE HERE
    dalpha = np.einsum("aiq,ait->iqt", dcontext, a)
    da = np.einsum("iqt,aiq->ait", alphas, dcontext)
    de = alphas * (dalpha - np.sum(alphas * dalpha, axis=1, keepdims=True))
    ds = np.einsum("iqt,ait->aiq", de, a) / np.sqrt(n_a)
    da = da + np.einsum("iqt,aiq->ait", de, s) / np.sqrt(n_a)
    return ds, da''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_decoder_forward', 'mistake',
          "The decoder starts from a[:, :, -1], which for a padded source is a padding position, not the sequence's last real encoder state a[:, i, lengths[i] - 1].",
          '''def attention_decoder_forward(x_dec, a, lengths, parameters, attend=attention_forward):
    """The attention decoder over a batch, teacher-forced.

    Inputs:
        x_dec      -- array (n_y, m, T_y), the decoder's inputs (<EOS>, then the previous true outputs)
        a          -- array (n_a, m, T_x), the encoder's states
        lengths    -- int array (m,), the real lengths of the sources
        parameters -- dict "Wbb" (n_a, n_a), "Wbx" (n_a, n_y), "Wbc" (n_a, n_a), "bb" (n_a, 1),
                      "Wyb" (n_y, n_a), "by" (n_y, 1)
        attend     -- function (s, a, mask) -> (context, alphas, cache), as attention_forward
    Outputs:
        y_pred -- array (n_y, m, T_y), the predicted probabilities of every step
        alphas -- array (m, T_y, T_x), the attention weights of every step
    """
    n_a, m, T_x = a.shape
    n_y, _, T_y = x_dec.shape
    y_pred, alphas = np.zeros((n_y, m, T_y)), np.zeros((m, T_y, T_x))
    Wbb, Wbx, Wbc, bb, Wyb, by = (parameters[k] for k in ("Wbb", "Wbx", "Wbc", "bb", "Wyb", "by"))
    # YOUR CODE HERE
    mask = np.arange(T_x)[np.newaxis, :] < np.asarray(lengths)[:, np.newaxis]
    b_prev = a[:, :, -1]
    for t in range(T_y):
        context, step_alphas, _ = attend(b_prev[:, :, np.newaxis], a, mask)
        b = np.tanh(Wbb @ b_prev + Wbx @ x_dec[:, :, t] + Wbc @ context[:, :, 0] + bb)
        y_pred[:, :, t] = softmax(Wyb @ b + by)
        alphas[:, t, :] = step_alphas[:, 0, :]
        b_prev = b
    return y_pred, alphas''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'attention_decoder_forward', 'mistake',
          "Off by one in the mask: t' <= lengths[i] lets each padded source attend to one padding position.",
          '''def attention_decoder_forward(x_dec, a, lengths, parameters, attend=attention_forward):
    """The attention decoder over a batch, teacher-forced.

    Inputs:
        x_dec      -- array (n_y, m, T_y), the decoder's inputs (<EOS>, then the previous true outputs)
        a          -- array (n_a, m, T_x), the encoder's states
        lengths    -- int array (m,), the real lengths of the sources
        parameters -- dict "Wbb" (n_a, n_a), "Wbx" (n_a, n_y), "Wbc" (n_a, n_a), "bb" (n_a, 1),
                      "Wyb" (n_y, n_a), "by" (n_y, 1)
        attend     -- function (s, a, mask) -> (context, alphas, cache), as attention_forward
    Outputs:
        y_pred -- array (n_y, m, T_y), the predicted probabilities of every step
        alphas -- array (m, T_y, T_x), the attention weights of every step
    """
    n_a, m, T_x = a.shape
    n_y, _, T_y = x_dec.shape
    y_pred, alphas = np.zeros((n_y, m, T_y)), np.zeros((m, T_y, T_x))
    Wbb, Wbx, Wbc, bb, Wyb, by = (parameters[k] for k in ("Wbb", "Wbx", "Wbc", "bb", "Wyb", "by"))
    # YOUR CODE HERE
    lengths = np.asarray(lengths)
    mask = np.arange(T_x)[np.newaxis, :] <= lengths[:, np.newaxis]
    b_prev = a[:, np.arange(m), lengths - 1]
    for t in range(T_y):
        context, step_alphas, _ = attend(b_prev[:, :, np.newaxis], a, mask)
        b = np.tanh(Wbb @ b_prev + Wbx @ x_dec[:, :, t] + Wbc @ context[:, :, 0] + bb)
        y_pred[:, :, t] = softmax(Wyb @ b + by)
        alphas[:, t, :] = step_alphas[:, 0, :]
        b_prev = b
    return y_pred, alphas''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'attention_decoder_forward', 'mistake',
          "b_prev is never updated, so every step attends with, and recurs from, the encoder's last state instead of the decoder's previous state.",
          '''def attention_decoder_forward(x_dec, a, lengths, parameters, attend=attention_forward):
    """The attention decoder over a batch, teacher-forced.

    Inputs:
        x_dec      -- array (n_y, m, T_y), the decoder's inputs (<EOS>, then the previous true outputs)
        a          -- array (n_a, m, T_x), the encoder's states
        lengths    -- int array (m,), the real lengths of the sources
        parameters -- dict "Wbb" (n_a, n_a), "Wbx" (n_a, n_y), "Wbc" (n_a, n_a), "bb" (n_a, 1),
                      "Wyb" (n_y, n_a), "by" (n_y, 1)
        attend     -- function (s, a, mask) -> (context, alphas, cache), as attention_forward
    Outputs:
        y_pred -- array (n_y, m, T_y), the predicted probabilities of every step
        alphas -- array (m, T_y, T_x), the attention weights of every step
    """
    n_a, m, T_x = a.shape
    n_y, _, T_y = x_dec.shape
    y_pred, alphas = np.zeros((n_y, m, T_y)), np.zeros((m, T_y, T_x))
    Wbb, Wbx, Wbc, bb, Wyb, by = (parameters[k] for k in ("Wbb", "Wbx", "Wbc", "bb", "Wyb", "by"))
    # YOUR CODE HERE
    lengths = np.asarray(lengths)
    mask = np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]
    b_prev = a[:, np.arange(m), lengths - 1]
    for t in range(T_y):
        context, step_alphas, _ = attend(b_prev[:, :, np.newaxis], a, mask)
        b = np.tanh(Wbb @ b_prev + Wbx @ x_dec[:, :, t] + Wbc @ context[:, :, 0] + bb)
        y_pred[:, :, t] = softmax(Wyb @ b + by)
        alphas[:, t, :] = step_alphas[:, 0, :]
    return y_pred, alphas''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'attention_decoder_forward', 'mistake',
          'x_dec is already shifted (<EOS> then the previous true outputs): shifting it once more feeds step t the output of step t - 2.',
          '''def attention_decoder_forward(x_dec, a, lengths, parameters, attend=attention_forward):
    """The attention decoder over a batch, teacher-forced.

    Inputs:
        x_dec      -- array (n_y, m, T_y), the decoder's inputs (<EOS>, then the previous true outputs)
        a          -- array (n_a, m, T_x), the encoder's states
        lengths    -- int array (m,), the real lengths of the sources
        parameters -- dict "Wbb" (n_a, n_a), "Wbx" (n_a, n_y), "Wbc" (n_a, n_a), "bb" (n_a, 1),
                      "Wyb" (n_y, n_a), "by" (n_y, 1)
        attend     -- function (s, a, mask) -> (context, alphas, cache), as attention_forward
    Outputs:
        y_pred -- array (n_y, m, T_y), the predicted probabilities of every step
        alphas -- array (m, T_y, T_x), the attention weights of every step
    """
    n_a, m, T_x = a.shape
    n_y, _, T_y = x_dec.shape
    y_pred, alphas = np.zeros((n_y, m, T_y)), np.zeros((m, T_y, T_x))
    Wbb, Wbx, Wbc, bb, Wyb, by = (parameters[k] for k in ("Wbb", "Wbx", "Wbc", "bb", "Wyb", "by"))
    # YOUR CODE HERE
    lengths = np.asarray(lengths)
    mask = np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]
    b_prev = a[:, np.arange(m), lengths - 1]
    for t in range(T_y):
        x_t = x_dec[:, :, t - 1] if t > 0 else np.zeros((n_y, m))
        context, step_alphas, _ = attend(b_prev[:, :, np.newaxis], a, mask)
        b = np.tanh(Wbb @ b_prev + Wbx @ x_t + Wbc @ context[:, :, 0] + bb)
        y_pred[:, :, t] = softmax(Wyb @ b + by)
        alphas[:, t, :] = step_alphas[:, 0, :]
        b_prev = b
    return y_pred, alphas''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'beam_search', 'mistake',
          'Keeps k candidates at every step instead of k - len(finished), so the beam does not shrink as hypotheses finish and more than k can end up finished.',
          '''def beam_search(step, state, start, end, k, max_length, alpha=1.0):
    """Beam search of width k.

    Inputs:
        step       -- function (tokens int (k',), states (n_s, k')) -> (log_probs (n_y, k'), states (n_s, k'))
        state      -- array (n_s,), the decoder's first state
        start      -- int, the first input token
        end        -- int, the token that finishes a hypothesis (kept as its last token)
        k          -- int, the beam width
        max_length -- int, the most tokens written
        alpha      -- float, the length normalisation: rank by score / len(tokens) ** alpha
    Output:
        hypotheses -- list of (tokens, score), the finished hypotheses: tokens a list of int, score the sum
                      of their log-probabilities (a float); best first by score / len(tokens) ** alpha
    """
    live_tokens = [[]]                      # the live hypotheses' tokens ...
    live_scores = np.zeros(1)               # ... and scores
    states = state[:, np.newaxis]           # (n_s, 1): one column per live hypothesis
    last = np.array([start])                # their last tokens
    finished = []                           # (tokens, score) of the finished ones
    for t in range(max_length):
        log_probs, new_states = step(last, states)
        n_y = log_probs.shape[0]
        # extend, keep the best k - len(finished), move those ending with `end` to finished; at the last
        # step (t == max_length - 1) the live ones are finished as they are
        # YOUR CODE HERE
        candidates = (live_scores[None, :] + log_probs).T.ravel()
        order = np.argsort(-candidates, kind="stable")[:k]
        new_tokens, new_scores, columns = [], [], []
        for index in order:
            j, token = divmod(int(index), n_y)
            tokens = live_tokens[j] + [token]
            if token == end or t == max_length - 1:
                finished.append((tokens, float(candidates[index])))
            else:
                new_tokens.append(tokens)
                new_scores.append(candidates[index])
                columns.append(j)
        if len(finished) >= k or not new_tokens:
            break
        live_tokens, live_scores = new_tokens, np.array(new_scores)
        states = new_states[:, columns]
        last = np.array([tokens[-1] for tokens in live_tokens])
    return sorted(finished, key=lambda h: -h[1] / len(h[0]) ** alpha)''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'beam_search', 'mistake',
          "A hypothesis's score adds the probabilities of its tokens, not their log-probabilities.",
          '''def beam_search(step, state, start, end, k, max_length, alpha=1.0):
    """Beam search of width k.

    Inputs:
        step       -- function (tokens int (k',), states (n_s, k')) -> (log_probs (n_y, k'), states (n_s, k'))
        state      -- array (n_s,), the decoder's first state
        start      -- int, the first input token
        end        -- int, the token that finishes a hypothesis (kept as its last token)
        k          -- int, the beam width
        max_length -- int, the most tokens written
        alpha      -- float, the length normalisation: rank by score / len(tokens) ** alpha
    Output:
        hypotheses -- list of (tokens, score), the finished hypotheses: tokens a list of int, score the sum
                      of their log-probabilities (a float); best first by score / len(tokens) ** alpha
    """
    live_tokens = [[]]                      # the live hypotheses' tokens ...
    live_scores = np.zeros(1)               # ... and scores
    states = state[:, np.newaxis]           # (n_s, 1): one column per live hypothesis
    last = np.array([start])                # their last tokens
    finished = []                           # (tokens, score) of the finished ones
    for t in range(max_length):
        log_probs, new_states = step(last, states)
        n_y = log_probs.shape[0]
        # extend, keep the best k - len(finished), move those ending with `end` to finished; at the last
        # step (t == max_length - 1) the live ones are finished as they are
        # YOUR CODE HERE
        candidates = (live_scores[None, :] + np.exp(log_probs)).T.ravel()
        order = np.argsort(-candidates, kind="stable")[:k - len(finished)]
        new_tokens, new_scores, columns = [], [], []
        for index in order:
            j, token = divmod(int(index), n_y)
            tokens = live_tokens[j] + [token]
            if token == end or t == max_length - 1:
                finished.append((tokens, float(candidates[index])))
            else:
                new_tokens.append(tokens)
                new_scores.append(candidates[index])
                columns.append(j)
        if len(finished) >= k or not new_tokens:
            break
        live_tokens, live_scores = new_tokens, np.array(new_scores)
        states = new_states[:, columns]
        last = np.array([tokens[-1] for tokens in live_tokens])
    return sorted(finished, key=lambda h: -h[1] / len(h[0]) ** alpha)''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'beam_search', 'mistake',
          'The end token is dropped from a finished hypothesis; it has to stay as its last token (and count in its length).',
          '''def beam_search(step, state, start, end, k, max_length, alpha=1.0):
    """Beam search of width k.

    Inputs:
        step       -- function (tokens int (k',), states (n_s, k')) -> (log_probs (n_y, k'), states (n_s, k'))
        state      -- array (n_s,), the decoder's first state
        start      -- int, the first input token
        end        -- int, the token that finishes a hypothesis (kept as its last token)
        k          -- int, the beam width
        max_length -- int, the most tokens written
        alpha      -- float, the length normalisation: rank by score / len(tokens) ** alpha
    Output:
        hypotheses -- list of (tokens, score), the finished hypotheses: tokens a list of int, score the sum
                      of their log-probabilities (a float); best first by score / len(tokens) ** alpha
    """
    live_tokens = [[]]                      # the live hypotheses' tokens ...
    live_scores = np.zeros(1)               # ... and scores
    states = state[:, np.newaxis]           # (n_s, 1): one column per live hypothesis
    last = np.array([start])                # their last tokens
    finished = []                           # (tokens, score) of the finished ones
    for t in range(max_length):
        log_probs, new_states = step(last, states)
        n_y = log_probs.shape[0]
        # extend, keep the best k - len(finished), move those ending with `end` to finished; at the last
        # step (t == max_length - 1) the live ones are finished as they are
        # YOUR CODE HERE
        candidates = (live_scores[None, :] + log_probs).T.ravel()
        order = np.argsort(-candidates, kind="stable")[:k - len(finished)]
        new_tokens, new_scores, columns = [], [], []
        for index in order:
            j, token = divmod(int(index), n_y)
            tokens = live_tokens[j] + [token]
            if token == end:
                finished.append((tokens[:-1], float(candidates[index])))
            elif t == max_length - 1:
                finished.append((tokens, float(candidates[index])))
            else:
                new_tokens.append(tokens)
                new_scores.append(candidates[index])
                columns.append(j)
        if len(finished) >= k or not new_tokens:
            break
        live_tokens, live_scores = new_tokens, np.array(new_scores)
        states = new_states[:, columns]
        last = np.array([tokens[-1] for tokens in live_tokens])
    return sorted(finished, key=lambda h: -h[1] / len(h[0]) ** alpha)''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'beam_search', 'mistake',
          'At the last step the live hypotheses are dropped instead of finished as they are, so a beam that runs out of steps returns too few (or no) hypotheses.',
          '''def beam_search(step, state, start, end, k, max_length, alpha=1.0):
    """Beam search of width k.

    Inputs:
        step       -- function (tokens int (k',), states (n_s, k')) -> (log_probs (n_y, k'), states (n_s, k'))
        state      -- array (n_s,), the decoder's first state
        start      -- int, the first input token
        end        -- int, the token that finishes a hypothesis (kept as its last token)
        k          -- int, the beam width
        max_length -- int, the most tokens written
        alpha      -- float, the length normalisation: rank by score / len(tokens) ** alpha
    Output:
        hypotheses -- list of (tokens, score), the finished hypotheses: tokens a list of int, score the sum
                      of their log-probabilities (a float); best first by score / len(tokens) ** alpha
    """
    live_tokens = [[]]                      # the live hypotheses' tokens ...
    live_scores = np.zeros(1)               # ... and scores
    states = state[:, np.newaxis]           # (n_s, 1): one column per live hypothesis
    last = np.array([start])                # their last tokens
    finished = []                           # (tokens, score) of the finished ones
    for t in range(max_length):
        log_probs, new_states = step(last, states)
        n_y = log_probs.shape[0]
        # extend, keep the best k - len(finished), move those ending with `end` to finished; at the last
        # step (t == max_length - 1) the live ones are finished as they are
        # YOUR CODE HERE
        candidates = (live_scores[None, :] + log_probs).T.ravel()
        order = np.argsort(-candidates, kind="stable")[:k - len(finished)]
        new_tokens, new_scores, columns = [], [], []
        for index in order:
            j, token = divmod(int(index), n_y)
            tokens = live_tokens[j] + [token]
            if token == end:
                finished.append((tokens, float(candidates[index])))
            else:
                new_tokens.append(tokens)
                new_scores.append(candidates[index])
                columns.append(j)
        if len(finished) >= k or not new_tokens:
            break
        live_tokens, live_scores = new_tokens, np.array(new_scores)
        states = new_states[:, columns]
        last = np.array([tokens[-1] for tokens in live_tokens])
    return sorted(finished, key=lambda h: -h[1] / len(h[0]) ** alpha)''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'beam_search', 'mistake',
          'The new states are not reordered to follow the kept hypotheses: column j of states must be the state of the hypothesis extended, new_states[:, j] of its parent.',
          '''def beam_search(step, state, start, end, k, max_length, alpha=1.0):
    """Beam search of width k.

    Inputs:
        step       -- function (tokens int (k',), states (n_s, k')) -> (log_probs (n_y, k'), states (n_s, k'))
        state      -- array (n_s,), the decoder's first state
        start      -- int, the first input token
        end        -- int, the token that finishes a hypothesis (kept as its last token)
        k          -- int, the beam width
        max_length -- int, the most tokens written
        alpha      -- float, the length normalisation: rank by score / len(tokens) ** alpha
    Output:
        hypotheses -- list of (tokens, score), the finished hypotheses: tokens a list of int, score the sum
                      of their log-probabilities (a float); best first by score / len(tokens) ** alpha
    """
    live_tokens = [[]]                      # the live hypotheses' tokens ...
    live_scores = np.zeros(1)               # ... and scores
    states = state[:, np.newaxis]           # (n_s, 1): one column per live hypothesis
    last = np.array([start])                # their last tokens
    finished = []                           # (tokens, score) of the finished ones
    for t in range(max_length):
        log_probs, new_states = step(last, states)
        n_y = log_probs.shape[0]
        # extend, keep the best k - len(finished), move those ending with `end` to finished; at the last
        # step (t == max_length - 1) the live ones are finished as they are
        # YOUR CODE HERE
        candidates = (live_scores[None, :] + log_probs).T.ravel()
        order = np.argsort(-candidates, kind="stable")[:k - len(finished)]
        new_tokens, new_scores, columns = [], [], []
        for index in order:
            j, token = divmod(int(index), n_y)
            tokens = live_tokens[j] + [token]
            if token == end or t == max_length - 1:
                finished.append((tokens, float(candidates[index])))
            else:
                new_tokens.append(tokens)
                new_scores.append(candidates[index])
                columns.append(j)
        if len(finished) >= k or not new_tokens:
            break
        live_tokens, live_scores = new_tokens, np.array(new_scores)
        states = new_states
        last = np.array([tokens[-1] for tokens in live_tokens])
    return sorted(finished, key=lambda h: -h[1] / len(h[0]) ** alpha)''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'corpus_bleu', 'mistake',
          'The counts are not clipped: an n-gram the reference has once counts every time the hypothesis repeats it.',
          '''def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU with clipped n-gram precisions and the brevity penalty.

    Inputs:
        references -- list of token lists, one reference per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram
    Output:
        bleu -- float in [0, 1]
    """
    # YOUR CODE HERE
    log_sum = 0.0
    for n in range(1, max_n + 1):
        clipped = total = 0
        for reference, hypothesis in zip(references, hypotheses):
            ref_counts, hyp_counts = ngrams(reference, n), ngrams(hypothesis, n)
            clipped += sum(count for gram, count in hyp_counts.items() if gram in ref_counts)
            total += sum(hyp_counts.values())
        if clipped == 0 or total == 0:
            return 0.0
        log_sum += np.log(clipped / total)
    c = sum(len(h) for h in hypotheses)
    r = sum(len(x) for x in references)
    bp = 1.0 if c > r else np.exp(1 - r / c)
    return float(bp * np.exp(log_sum / max_n))''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'corpus_bleu', 'mistake',
          'The brevity penalty is upside down: for an output shorter than the reference it is exp(1 - r/c), not exp(1 - c/r).',
          '''def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU with clipped n-gram precisions and the brevity penalty.

    Inputs:
        references -- list of token lists, one reference per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram
    Output:
        bleu -- float in [0, 1]
    """
    # YOUR CODE HERE
    log_sum = 0.0
    for n in range(1, max_n + 1):
        clipped = total = 0
        for reference, hypothesis in zip(references, hypotheses):
            ref_counts, hyp_counts = ngrams(reference, n), ngrams(hypothesis, n)
            clipped += sum(min(count, ref_counts[gram]) for gram, count in hyp_counts.items())
            total += sum(hyp_counts.values())
        if clipped == 0 or total == 0:
            return 0.0
        log_sum += np.log(clipped / total)
    c = sum(len(h) for h in hypotheses)
    r = sum(len(x) for x in references)
    bp = 1.0 if c > r else np.exp(1 - c / r)
    return float(bp * np.exp(log_sum / max_n))''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'corpus_bleu', 'mistake',
          'The precisions are averaged arithmetically; BLEU takes their geometric mean (the exp of the mean of their logs).',
          '''def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU with clipped n-gram precisions and the brevity penalty.

    Inputs:
        references -- list of token lists, one reference per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram
    Output:
        bleu -- float in [0, 1]
    """
    # YOUR CODE HERE
    precisions = []
    for n in range(1, max_n + 1):
        clipped = total = 0
        for reference, hypothesis in zip(references, hypotheses):
            ref_counts, hyp_counts = ngrams(reference, n), ngrams(hypothesis, n)
            clipped += sum(min(count, ref_counts[gram]) for gram, count in hyp_counts.items())
            total += sum(hyp_counts.values())
        if clipped == 0 or total == 0:
            return 0.0
        precisions.append(clipped / total)
    c = sum(len(h) for h in hypotheses)
    r = sum(len(x) for x in references)
    bp = 1.0 if c > r else np.exp(1 - r / c)
    return float(bp * np.mean(precisions))''',
          wrong_on_easy=True),
    Blind('10_attention_and_decoding', 'corpus_bleu', 'mistake',
          'Corpus BLEU adds up the counts over the sentences before dividing; averaging one BLEU per sentence is another (and smaller-sample) score.',
          '''def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU with clipped n-gram precisions and the brevity penalty.

    Inputs:
        references -- list of token lists, one reference per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram
    Output:
        bleu -- float in [0, 1]
    """
    # YOUR CODE HERE
    def sentence_bleu(reference, hypothesis):
        log_sum = 0.0
        for n in range(1, max_n + 1):
            ref_counts, hyp_counts = ngrams(reference, n), ngrams(hypothesis, n)
            clipped = sum(min(count, ref_counts[gram]) for gram, count in hyp_counts.items())
            total = sum(hyp_counts.values())
            if clipped == 0 or total == 0:
                return 0.0
            log_sum += np.log(clipped / total)
        bp = 1.0 if len(hypothesis) > len(reference) else np.exp(1 - len(reference) / len(hypothesis))
        return bp * np.exp(log_sum / max_n)

    return float(np.mean([sentence_bleu(r, h) for r, h in zip(references, hypotheses)]))''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'corpus_bleu', 'mistake',
          'Joining all the sentences into one long token list creates n-grams across sentence boundaries and clips over the whole corpus instead of sentence by sentence.',
          '''def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU with clipped n-gram precisions and the brevity penalty.

    Inputs:
        references -- list of token lists, one reference per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram
    Output:
        bleu -- float in [0, 1]
    """
    # YOUR CODE HERE
    all_references = [token for reference in references for token in reference]
    all_hypotheses = [token for hypothesis in hypotheses for token in hypothesis]
    log_sum = 0.0
    for n in range(1, max_n + 1):
        ref_counts, hyp_counts = ngrams(all_references, n), ngrams(all_hypotheses, n)
        clipped = sum(min(count, ref_counts[gram]) for gram, count in hyp_counts.items())
        total = sum(hyp_counts.values())
        if clipped == 0 or total == 0:
            return 0.0
        log_sum += np.log(clipped / total)
    c, r = len(all_hypotheses), len(all_references)
    bp = 1.0 if c > r else np.exp(1 - r / c)
    return float(bp * np.exp(log_sum / max_n))''',
          wrong_on_easy=False),
    Blind('10_attention_and_decoding', 'corpus_bleu', 'correct',
          "Clips with the Counter intersection (hyp & ref keeps the smaller count of each n-gram) and works in the math module's logs.",
          '''def corpus_bleu(references, hypotheses, max_n=4):
    """Corpus BLEU with clipped n-gram precisions and the brevity penalty.

    Inputs:
        references -- list of token lists, one reference per hypothesis
        hypotheses -- list of token lists
        max_n      -- int, the longest n-gram
    Output:
        bleu -- float in [0, 1]
    """
    # YOUR CODE HERE
    import math
    c = sum(map(len, hypotheses))
    r = sum(map(len, references))
    if c == 0:
        return 0.0
    log_precisions = []
    for n in range(1, max_n + 1):
        matched = possible = 0
        for reference, hypothesis in zip(references, hypotheses):
            hyp = ngrams(hypothesis, n)
            matched += sum((hyp & ngrams(reference, n)).values())
            possible += sum(hyp.values())
        if matched == 0:
            return 0.0
        log_precisions.append(math.log(matched / possible))
    brevity = 1.0 if c > r else math.exp(1 - r / c)
    return brevity * math.exp(math.fsum(log_precisions) / max_n)''',
          wrong_on_easy=None),
]
