"""Skip-gram with negative sampling (word2vec, Mikolov et al. 2013), in numpy.

Every word j has two vectors: its embedding e_j = E[:, j] (used when j is the centre word, the one
kept at the end) and its context vector theta_j = Theta[:, j] (used when j is a context word).
E and Theta are (n_e, V). For a centre word c seen with a context word o within `window` words of
it, and K negative words k_1 .. k_K drawn from the unigram distribution raised to the power 0.75:

    loss(c, o, k) = -log sigmoid(theta_o . e_c) - sum_k log sigmoid(-theta_k . e_c)

The first term pulls e_c and theta_o together, the second pushes e_c away from words drawn at
random. A batch of m pairs, in the course's column layout:

    e_c       (n_e, m)      column i = E[:, centres[i]]
    theta_o   (n_e, m)      column i = Theta[:, contexts[i]]
    theta_neg (n_e, m, K)   [:, i, k] = Theta[:, negatives[i, k]]

and the batch's loss is the SUM of the m pair losses (word2vec's learning rate is a step per pair).
With s_o = theta_o . e_c and s_k = theta_k . e_c:

    dL/ds_o = sigmoid(s_o) - 1        dL/ds_k = sigmoid(s_k)
    de_c = (sigmoid(s_o) - 1) theta_o + sum_k sigmoid(s_k) theta_k
    dtheta_o = (sigmoid(s_o) - 1) e_c,        dtheta_k = sigmoid(s_k) e_c
"""

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from .activations import sigmoid
from .text import Vocabulary
from .validation import as_array, check_shape


def _positive_int(name, value, low=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    return int(value)


class _CheckedSentences(list):
    """A list of int64 arrays that _sentences has already checked (so the loop does not check twice)."""


def _sentences(sentences):
    """A list of int arrays, or a ValueError saying what a sentence must be."""
    if isinstance(sentences, _CheckedSentences):
        return sentences
    if isinstance(sentences, (str, np.ndarray)) or not isinstance(sentences, (list, tuple)):
        raise ValueError("sentences must be a list of sentences, each a list (or 1-D array) of int word indices")
    out = []
    for n, sentence in enumerate(sentences):
        array = np.asarray(sentence)
        if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
            raise ValueError(f"sentences[{n}] must be a list of int word indices, got {sentence!r:.60}")
        if array.size and array.min() < 0:
            raise ValueError(f"sentences[{n}] holds a negative index ({int(array.min())}); word indices are >= 0")
        out.append(array.astype(np.int64))
    return _CheckedSentences(out)


# ----------------------------------------------------------------------------- data


def encode_sentences(sentences, vocab, add_eos=True):
    """Tokens to word indices, sentence by sentence: unknown words -> <UNK>, then <EOS>.

    Inputs:
        sentences -- list of sentences, each a list of str tokens (e.g. corpus.load_lee_corpus())
        vocab     -- course_utils.text.Vocabulary
        add_eos   -- bool, end each sentence with <EOS>
    Output:
        list of int arrays, one per sentence
    """
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    return [np.array(vocab.encode(list(s), add_eos=add_eos), dtype=np.int64) for s in sentences]


def word_counts(sentences, vocab_size):
    """How often each word index occurs: int array (V,)."""
    sentences = _sentences(sentences)
    vocab_size = _positive_int("vocab_size", vocab_size)
    flat = np.concatenate(sentences) if sentences else np.zeros(0, dtype=np.int64)
    if flat.size and flat.max() >= vocab_size:
        raise ValueError(f"the sentences hold index {int(flat.max())}, not < vocab_size = {vocab_size}")
    return np.bincount(flat, minlength=vocab_size)


def subsample(sentences, counts, threshold=1e-3, rng=None):
    """Drop occurrences of very frequent words at random (word2vec's subsampling, as in gensim).

    A word of frequency f = count / total is kept with probability
        min(1, (sqrt(f / threshold) + 1) * threshold / f)
    so words rarer than about `threshold` are always kept and "the" is mostly dropped.

    Inputs:
        sentences -- list of int arrays (word indices)
        counts    -- int array (V,), word_counts of the corpus
        threshold -- float > 0, or None for no subsampling
        rng       -- np.random.Generator
    Output:
        list of int arrays, the same sentences with some words removed
    """
    sentences = _sentences(sentences)
    if threshold is None:
        return sentences
    counts = np.asarray(counts, dtype=np.float64)
    if not threshold > 0:
        raise ValueError(f"threshold must be > 0 (or None), got {threshold!r}")
    rng = np.random.default_rng(0) if rng is None else rng
    f = counts / max(counts.sum(), 1.0)
    keep = np.ones_like(f)
    seen = f > 0
    keep[seen] = np.minimum(1.0, (np.sqrt(f[seen] / threshold) + 1) * threshold / f[seen])
    return _CheckedSentences(s[rng.random(len(s)) < keep[s]] for s in sentences)


def skipgram_pairs(sentences, window, rng=None):
    """Every (centre, context) pair of the corpus: the words within `window` positions of each word.

    Pairs never cross from one sentence into the next.

    Inputs:
        sentences -- list of int arrays (word indices)
        window    -- int >= 1, the largest distance between centre and context
        rng       -- None: the full window for every centre word. A np.random.Generator: word2vec's
                     "reduced window": each centre word draws its own window b from 1..window, so
                     near neighbours count more often than far ones
    Outputs:
        centres  -- int array (P,)
        contexts -- int array (P,), in the order: sentence, centre position, context position
    """
    sentences = _sentences(sentences)
    window = _positive_int("window", window)
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    words = np.concatenate(sentences) if sentences else np.zeros(0, dtype=np.int64)
    sentence_of = np.repeat(np.arange(len(sentences)), lengths)
    n = len(words)
    reach = np.full(n, window) if rng is None else rng.integers(1, window + 1, size=n)
    centre_pos, context_pos = [], []
    for offset in range(-window, window + 1):
        if offset == 0:
            continue
        i = np.arange(max(0, -offset), min(n, n - offset))
        ok = (sentence_of[i] == sentence_of[i + offset]) & (abs(offset) <= reach[i])
        centre_pos.append(i[ok])
        context_pos.append(i[ok] + offset)
    centre_pos = np.concatenate(centre_pos) if centre_pos else np.zeros(0, dtype=np.int64)
    context_pos = np.concatenate(context_pos) if context_pos else np.zeros(0, dtype=np.int64)
    order = np.lexsort((context_pos, centre_pos))
    return words[centre_pos[order]], words[context_pos[order]]


class NegativeSampler:
    """Draws negative words from the unigram distribution raised to `power` (0.75 in word2vec).

    P(j) = counts[j] ** power / sum_i counts[i] ** power. The power 0.75 lifts rare words a little
    above their frequency and pulls "the" down. Words with count 0 are never drawn.

    As in word2vec, draws come from a table of `table_size` slots in which word j fills about
    P(j) * table_size of them (the largest remainders round up, every word with P(j) > 0 gets at
    least one slot), so one draw is one random integer: each P(j) is met to within 1 / table_size.

        sampler = NegativeSampler(counts, seed=0)
        negatives = sampler.sample(m, K)        # int array (m, K)

    Attributes:
        probabilities -- array (V,), P(j); sums to 1
    """

    def __init__(self, counts, power=0.75, seed=0, table_size=1_000_000):
        counts = as_array("counts", counts, ndim=1)
        if counts.size == 0 or counts.min() < 0 or counts.sum() <= 0:
            raise ValueError("counts must be a non-empty array of counts >= 0, not all zero")
        table_size = _positive_int("table_size", table_size)
        weights = counts ** power
        weights[counts == 0] = 0.0
        self.probabilities = weights / weights.sum()
        used = np.flatnonzero(self.probabilities > 0)
        if table_size < len(used):
            raise ValueError(f"table_size must be at least the number of words that can be drawn ({len(used)})")
        share = self.probabilities[used] * table_size
        slots = np.maximum(np.floor(share).astype(np.int64), 1)
        missing = table_size - slots.sum()
        if missing > 0:   # the largest remainders get one more slot each
            slots[np.argsort(-(share - np.floor(share)), kind="stable")[:missing]] += 1
        elif missing < 0:  # words lifted to 1 slot took room: take it back from the most frequent
            for j in np.argsort(-slots, kind="stable")[:-missing]:
                slots[j] -= 1
        self._table = np.repeat(used, slots)
        self.rng = np.random.default_rng(seed)

    def sample(self, m, K):
        """int array (m, K) of word indices, each drawn independently from `probabilities`."""
        m, K = _positive_int("m", m, low=0), _positive_int("K", K)
        return self._table[self.rng.integers(0, len(self._table), size=(m, K))]


# ----------------------------------------------------------------------------- loss and gradients


def sgns_loss_and_gradients(e_c, theta_o, theta_neg):
    """The skip-gram negative-sampling loss of a batch of m pairs and its gradients.

    Inputs:
        e_c       -- array (n_e, m), the centre words' embeddings
        theta_o   -- array (n_e, m), the context words' context vectors
        theta_neg -- array (n_e, m, K), the K negative words' context vectors for each pair
    Outputs:
        loss      -- float, sum over the batch of -log sigmoid(theta_o . e_c) - sum_k log sigmoid(-theta_k . e_c)
        gradients -- dict "de_c" (n_e, m), "dtheta_o" (n_e, m), "dtheta_neg" (n_e, m, K)

    -log sigmoid(s) = log(1 + e^-s) is computed as np.logaddexp(0, -s), which neither overflows nor
    underflows, whatever s. float32 inputs give float32 gradients.
    """
    e_c = as_array("e_c", e_c, ndim=2)
    n_e, m = e_c.shape
    theta_o = as_array("theta_o", theta_o, ndim=2)
    check_shape("theta_o", theta_o, (n_e, m), ("n_e", "m"))
    theta_neg = as_array("theta_neg", theta_neg, ndim=3)
    check_shape("theta_neg", theta_neg, (n_e, m, theta_neg.shape[2]), ("n_e", "m", "K"))

    s_o = np.sum(theta_o * e_c, axis=0)                        # (m,)   scores of the real pairs
    s_neg = np.sum(theta_neg * e_c[:, :, None], axis=0)        # (m, K) scores of the negatives
    loss = np.sum(np.logaddexp(0, -s_o)) + np.sum(np.logaddexp(0, s_neg))
    g_o = sigmoid(s_o) - 1                                     # dloss/ds_o
    g_neg = sigmoid(s_neg)                                     # dloss/ds_k
    return float(loss), {
        "de_c": theta_o * g_o + np.sum(theta_neg * g_neg[None, :, :], axis=2),
        "dtheta_o": e_c * g_o,
        "dtheta_neg": e_c[:, :, None] * g_neg[None, :, :],
    }


# ----------------------------------------------------------------------------- training


def _scatter_add(rows, indices, values):
    """rows[indices[i]] += values[i] for every i, repeated indices adding up (fast np.add.at on 1-D)."""
    n_e = rows.shape[1]
    flat = (indices.reshape(-1, 1) * n_e + np.arange(n_e)).reshape(-1)
    np.add.at(rows.reshape(-1), flat, values.reshape(-1))


def train_skipgram(sentences, vocab_size, n_e=50, window=3, negatives=5, epochs=5, learning_rate=0.2,
                   batch_size=256, subsample_threshold=1e-3, seed=0, loss_and_gradients=None,
                   show_progress=True, description="skip-gram"):
    """Train word embeddings with skip-gram and negative sampling, minibatch SGD.

    Each epoch subsamples the corpus, lists its (centre, context) pairs with word2vec's reduced
    window, shuffles them, and walks through them in batches of `batch_size`: gather the vectors,
    call loss_and_gradients, and step every vector used (a word used twice in a batch gets both
    steps). All the pairs of a batch step at once, so a frequent word used many times in one batch
    takes one big step: with learning_rate 0.2, batches of 512 sometimes overshoot (scores beyond
    100), batches of 256 do not. The learning rate falls linearly from `learning_rate` to learning_rate * 1e-4, as in
    word2vec. E starts uniform in [-0.5 / n_e, 0.5 / n_e], Theta at zero (as in word2vec).

    Inputs:
        sentences     -- list of int arrays of word indices (encode_sentences)
        vocab_size    -- int V
        n_e           -- int, the embedding size
        window        -- int, the largest centre-context distance
        negatives     -- int K, negative words per pair
        epochs        -- int, passes over the corpus
        learning_rate -- float, the step per pair at the start
        batch_size    -- int, pairs per step
        subsample_threshold -- float or None (see subsample)
        seed          -- int: the same seed gives the same embeddings
        loss_and_gradients -- function(e_c, theta_o, theta_neg) -> (loss, gradients), default
                              sgns_loss_and_gradients
        show_progress -- bool, a progress bar over the pairs (tqdm.auto: a widget in a notebook, text on
                         stderr elsewhere) with the loss per pair of the last stretch as its postfix
        description   -- str, the progress bar's label
    Output:
        dict "E" (n_e, V), "Theta" (n_e, V) (float64), "history": dict "pairs" (list of int, pairs
        seen so far) and "loss" (list of float, the mean loss per pair over the last stretch)
    """
    sentences = _sentences(sentences)
    vocab_size = _positive_int("vocab_size", vocab_size)
    n_e, window = _positive_int("n_e", n_e), _positive_int("window", window)
    negatives, epochs = _positive_int("negatives", negatives), _positive_int("epochs", epochs)
    batch_size = _positive_int("batch_size", batch_size)
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
    loss_and_gradients = sgns_loss_and_gradients if loss_and_gradients is None else loss_and_gradients
    if not callable(loss_and_gradients):
        raise ValueError("loss_and_gradients must be a function (e_c, theta_o, theta_neg) -> (loss, gradients)")

    counts = word_counts(sentences, vocab_size)
    rng = np.random.default_rng(seed)
    sampler = NegativeSampler(counts, seed=seed + 1)
    # Rows (V, n_e) inside the loop: gathering and scattering whole rows is what numpy does fastest.
    E_rows = ((rng.random((vocab_size, n_e)) - 0.5) / n_e).astype(np.float32)
    Theta_rows = np.zeros((vocab_size, n_e), dtype=np.float32)

    epochs_pairs = []
    for _ in range(epochs):
        centres, contexts = skipgram_pairs(subsample(sentences, counts, subsample_threshold, rng), window, rng)
        order = rng.permutation(len(centres))
        epochs_pairs.append((centres[order], contexts[order]))
    total = sum(len(c) for c, _ in epochs_pairs)
    if total == 0:
        raise ValueError("the sentences give no (centre, context) pair: they need at least 2 words")
    n_batches = sum(-(-len(c) // batch_size) for c, _ in epochs_pairs)

    history = {"pairs": [], "loss": []}
    done, step, stretch_loss, stretch_pairs = 0, 0, 0.0, 0
    every = max(1, n_batches // 50)
    with tqdm(total=total, desc=description, unit="pair", unit_scale=True, disable=not show_progress) as bar, \
            threadpool_limits(limits=1, user_api="blas"):  # small products: one thread is faster
        for centres, contexts in epochs_pairs:
            for start in range(0, len(centres), batch_size):
                c, o = centres[start:start + batch_size], contexts[start:start + batch_size]
                m = len(c)
                neg = sampler.sample(m, negatives)
                lr = learning_rate * max(1e-4, 1.0 - done / total)
                loss, grads = loss_and_gradients(E_rows[c].T, Theta_rows[o].T, Theta_rows[neg].transpose(2, 0, 1))
                _scatter_add(E_rows, c, -lr * np.asarray(grads["de_c"]).T)
                _scatter_add(Theta_rows, o, -lr * np.asarray(grads["dtheta_o"]).T)
                _scatter_add(Theta_rows, neg, -lr * np.asarray(grads["dtheta_neg"]).transpose(1, 2, 0))
                done, step = done + m, step + 1
                stretch_loss, stretch_pairs = stretch_loss + float(loss), stretch_pairs + m
                if step % every == 0 or step == n_batches:
                    history["pairs"].append(done)
                    history["loss"].append(stretch_loss / stretch_pairs)
                    bar.set_postfix_str(f"loss per pair {history['loss'][-1]:.3f}", refresh=False)
                    stretch_loss, stretch_pairs = 0.0, 0
                bar.update(m)
    return {"E": E_rows.T.astype(np.float64), "Theta": Theta_rows.T.astype(np.float64), "history": history}


# ----------------------------------------------------------------------------- gensim, for comparison


def gensim_available():
    """Whether gensim (an optional extra: pip install -e ".[embeddings]") can be imported."""
    try:
        import gensim  # noqa: F401
    except ImportError:
        return False
    return True


def train_gensim(sentences, vocab, n_e=50, window=3, negatives=5, epochs=5, learning_rate=0.2,
                 subsample_threshold=1e-3, seed=0):
    """gensim's Word2Vec (skip-gram, negative sampling) with the settings of train_skipgram.

    gensim reads the same token stream (rare words as <UNK>, <EOS> after each sentence), with
    one worker thread so that a seed gives one result.

    Inputs:
        sentences -- list of int arrays of word indices (encode_sentences), as for train_skipgram
        vocab     -- the course_utils.text.Vocabulary that encoded them
        the rest  -- as in train_skipgram
    Output:
        E -- array (n_e, V), column j = gensim's vector of vocab.word(j) (zero if it never occurs)
    Raises ImportError if gensim is not installed.
    """
    from gensim.models import Word2Vec

    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    words = vocab.index_to_word
    tokens = [[words[i] for i in s] for s in _sentences(sentences)]
    model = Word2Vec(
        tokens, vector_size=n_e, window=window, min_count=1, sg=1, hs=0, negative=negatives,
        ns_exponent=0.75, sample=subsample_threshold or 0, alpha=learning_rate,
        min_alpha=learning_rate * 1e-4, epochs=epochs, seed=seed, workers=1,
    )
    E = np.zeros((n_e, len(words)))
    for j, word in enumerate(words):
        if word in model.wv.key_to_index:
            E[:, j] = model.wv[word]
    return E
