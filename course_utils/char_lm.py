"""A character-level language model: the course's RNN reads a name one character at a time and
predicts the next one.

    vocab = char_vocabulary(names)                  # <UNK>, <EOS>, "a", ..., "z"
    x_indices, y = encode_names(names, vocab)       # x = <EOS> + name, y = name + <EOS>, padded with -1
    history = train_char_lm(x_indices, y, parameters, vocab, n_steps=2000)
    sample_names(parameters, vocab, np.random.default_rng(0), n=5, temperature=0.8)

<EOS> does two jobs: as the first input it says "a name starts here", as the last target it says
"the name ends here". Sampling feeds <EOS> in, draws a character from softmax(z / temperature),
feeds it back in as a one-hot, and stops when it draws <EOS>.

Shapes follow the course: one-hot inputs x (n_x, m, T_x) with n_x = n_y = len(vocab), labels
y (m, T_x) with -1 on padding, predictions y_pred (n_y, m, T_x). The forward and backward passes
are course_utils.rnn's; the loss is course_utils.losses' (which skips the -1 labels).
"""

import sys

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from . import rnn
from .activations import softmax
from .losses import cross_entropy
from .optim import adam_step, clip_by_norm
from .text import EOS, Vocabulary, one_hot, pad_batch
from .training import loss_and_gradients
from .validation import as_array, format_shape, require_keys


# ----------------------------------------------------------------------------- data


def char_vocabulary(names):
    """The characters of a corpus as a course_utils.text.Vocabulary: <UNK> = 0, <EOS> = 1, then
    the characters in alphabetical order.

    Input:
        names -- list of str
    Output:
        Vocabulary; vocab.index("a") is a's index, vocab.word_to_index[EOS] that of <EOS>
    """
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise ValueError("names must be a list of str, e.g. ['anna', 'bob']")
    return Vocabulary(sorted(set("".join(names))))


def encode_name(name, vocab):
    """The input and target indices of one name: x = <EOS> + name, y = name + <EOS>.

    y<t> = x<t+1>: at every step the target is the next input, and the last target is <EOS>.

    Inputs:
        name  -- str, e.g. "ann"
        vocab -- Vocabulary from char_vocabulary
    Outputs:
        x, y -- two lists of len(name) + 1 ints, e.g. [<EOS>, a, n, n] and [a, n, n, <EOS>]
    """
    if not isinstance(name, str) or not isinstance(vocab, Vocabulary):
        raise ValueError(f"encode_name takes a str and a Vocabulary, got {type(name).__name__} "
                         f"and {type(vocab).__name__}")
    y = vocab.encode(list(name), add_eos=True)
    return [vocab.word_to_index[EOS]] + y[:-1], y


def encode_names(names, vocab):
    """Encode a list of names and pad them into two arrays.

    Inputs:
        names -- list of m str
        vocab -- Vocabulary from char_vocabulary
    Outputs:
        x_indices -- int array (m, T_x), T_x = the longest name + 1; -1 after the end of a name
        y         -- int array (m, T_x), the targets, -1 after the end of a name
    Turn x_indices into the one-hot x (n_x, m, T_x) with course_utils.text.one_hot (padding ->
    a column of zeros).
    """
    if isinstance(names, str) or len(names) == 0:
        raise ValueError("names must be a non-empty list of str")
    pairs = [encode_name(name, vocab) for name in names]
    x_indices, _ = pad_batch([x for x, _ in pairs])
    y, _ = pad_batch([y for _, y in pairs])
    return x_indices, y


# ----------------------------------------------------------------------------- loss


def per_character_loss(y_pred, y):
    """The average cross-entropy per character, in nats: the score of any model of the next character.

    Inputs:
        y_pred -- array (n_y, m, T_x), predicted probabilities (columns on padding are ignored)
        y      -- int array (m, T_x), the targets, -1 on padding
    Output:
        float, -(1 / number of real steps) * sum over real steps of log y_pred[y<t>, i, t]
        (log(n_y) for a uniform guess; exp of it is the perplexity)
    """
    L, _ = cross_entropy(y_pred, y)  # sum over t of (1/m) sum over real steps
    n_real = int((np.asarray(y) >= 0).sum())
    if n_real == 0:
        raise ValueError("y holds no real step (all -1): there is nothing to score")
    return L * np.shape(y_pred)[1] / n_real


def predict(parameters, x_indices):
    """The RNN's predictions for a batch of encoded names, starting from a0 = 0.

    Inputs:
        parameters -- dict "Waa", "Wax", "Wya", "ba", "by" with n_x = n_y = the vocabulary size
        x_indices  -- int array (m, T_x), -1 on padding
    Output:
        y_pred -- array (n_y, m, T_x)
    """
    require_keys("parameters", parameters, rnn.PARAMETER_KEYS)
    n_x = np.shape(parameters["Wax"])[1]
    x = one_hot(np.asarray(x_indices), n_x)
    a0 = np.zeros((np.shape(parameters["Waa"])[0], x.shape[1]))
    with threadpool_limits(limits=1, user_api="blas"):  # small products: one thread is faster (train_char_lm)
        return rnn.rnn_forward(x, a0, parameters)[1]


def evaluate_char_lm(parameters, x_indices, y):
    """The RNN's per-character loss on a set of encoded names (e.g. the held-out ones).

    Inputs: parameters; x_indices, y -- int arrays (m, T_x) from encode_names
    Output: float, nats per character
    """
    return per_character_loss(predict(parameters, x_indices), y)


# ----------------------------------------------------------------------------- sampling


def softmax_with_temperature(z, temperature=1.0):
    """softmax(z / temperature) over axis 0; temperature 0 gives the one-hot of the argmax.

    Inputs:
        z           -- array (n_y, ...) of scores
        temperature -- float >= 0: < 1 sharpens the distribution, > 1 flattens it
    Output:
        array of z's shape, every column sums to 1
    """
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.number)) or temperature < 0:
        raise ValueError(f"temperature must be a number >= 0, got {temperature!r}")
    z = as_array("z", z)
    if temperature == 0:
        greedy = np.zeros_like(z)
        np.put_along_axis(greedy, z.argmax(axis=0)[np.newaxis], 1.0, axis=0)
        return greedy
    return softmax(z / temperature)


def sample(parameters, eos, rng, temperature=1.0, max_length=20):
    """Generate one sequence, one character at a time, until <EOS> (not included) or max_length.

    a<0> = 0 and x<1> = one-hot(<EOS>); at each step
        a<t> = tanh(Waa a<t-1> + Wax x<t> + ba),  p = softmax((Wya a<t> + by) / temperature),
        draw an index from p with rng.choice(n_y, p=p), stop if it is <EOS>, else x<t+1> = one-hot(index).

    Inputs:
        parameters  -- dict "Waa", "Wax", "Wya", "ba", "by" with n_x = n_y
        eos         -- int, the index of <EOS>
        rng         -- np.random.Generator (np.random.default_rng(seed)): the only source of randomness
        temperature -- float >= 0; 0 takes the most likely index at every step (greedy)
        max_length  -- int >= 0, the most indices returned
    Output:
        list of int, the sampled indices without the final <EOS>
    """
    require_keys("parameters", parameters, rnn.PARAMETER_KEYS)
    p = {key: as_array(key, parameters[key], ndim=2) for key in rnn.PARAMETER_KEYS}
    n_y, n_a = p["Wya"].shape
    for key, shape, symbols in (("Waa", (n_a, n_a), "(n_a, n_a)"), ("Wax", (n_a, n_y), "(n_a, n_x = n_y)"),
                                ("ba", (n_a, 1), "(n_a, 1)"), ("by", (n_y, 1), "(n_y, 1)")):
        if p[key].shape != shape:
            raise ValueError(f"{key} must have shape {symbols} = {shape} (a language model reads what it "
                             f"writes, so n_x = n_y), got {format_shape(p[key].shape)}")
    if not isinstance(eos, (int, np.integer)) or not 0 <= eos < n_y:
        raise ValueError(f"eos must be an index in [0, n_y) = [0, {n_y}), got {eos!r}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a np.random.Generator, e.g. np.random.default_rng(0), got {type(rng).__name__}")
    if not isinstance(max_length, (int, np.integer)) or max_length < 0:
        raise ValueError(f"max_length must be an int >= 0, got {max_length!r}")
    a = np.zeros((n_a, 1))
    x = np.zeros((n_y, 1))
    x[eos] = 1
    indices = []
    while len(indices) < max_length:
        a = np.tanh(p["Waa"] @ a + p["Wax"] @ x + p["ba"])
        probabilities = softmax_with_temperature(p["Wya"] @ a + p["by"], temperature)[:, 0]
        index = int(probabilities.argmax()) if temperature == 0 else int(rng.choice(n_y, p=probabilities))
        if index == eos:
            break
        indices.append(index)
        x = np.zeros((n_y, 1))
        x[index] = 1
    return indices


def sample_names(parameters, vocab, rng, n=10, temperature=1.0, max_length=20, sample=sample):
    """n sampled names as strings.

    Inputs: parameters; vocab -- Vocabulary; rng -- np.random.Generator; n -- int;
            temperature, max_length -- as in `sample`; sample -- the sampler (the learner's can be passed in)
    Output: list of n str
    """
    eos = vocab.word_to_index[EOS]
    return ["".join(vocab.decode(sample(parameters, eos, rng, temperature, max_length))) for _ in range(n)]


# ----------------------------------------------------------------------------- training


def train_char_lm(x_indices, y, parameters, vocab, n_steps, batch_size=32, learning_rate=0.01, max_norm=5.0,
                  seed=0, held_out=None, log_every=50, sample_every=None, n_samples=6, temperature=1.0,
                  sample=sample, show_progress=True):
    """Train the character-level language model with minibatches, clipping and Adam.

    Each step draws batch_size names (a seeded generator), trims the padding to the longest of
    them, runs course_utils.training.loss_and_gradients (forward, masked loss, BPTT), clips the
    gradients by their global norm and takes an Adam step. The matrix products run on one BLAS thread
    (threadpoolctl.threadpool_limits): numpy's BLAS (OpenBLAS in the PyPI wheels, MKL or BLIS elsewhere)
    would split each product above a size threshold across all cores, which for these small matrices
    costs more than it saves and, on a busy machine, made training ten times slower. Results do not
    depend on it.

    Inputs:
        x_indices, y  -- int arrays (M, T_x) from encode_names, the training names
        parameters    -- dict "Waa", "Wax", "Wya", "ba", "by" with n_x = n_y = len(vocab), updated in place
        vocab         -- Vocabulary (to print samples)
        n_steps       -- int, the number of Adam steps
        batch_size    -- int, names per step
        learning_rate -- float, Adam's step size
        max_norm      -- float or None, clip the global gradient norm to this
        seed          -- int: the batches and the printed samples; the same seed gives the same run
        held_out      -- optional (x_indices, y) pair: its per-character loss is recorded every log_every steps
        log_every     -- int, record the losses every this many steps
        sample_every  -- int or None, print n_samples names sampled at `temperature` every this many steps
        sample        -- the sampler (course_utils' or the learner's)
        show_progress -- bool, a progress bar (tqdm.auto: a widget in a notebook, text on stderr elsewhere)
                         with the last recorded loss (and held-out loss) as its postfix
    Output:
        history -- dict: "step" (list of int), "loss" (list of float, the training batch's loss per
                   character), "held_out_loss" (list of float, if held_out is given),
                   "samples" (list of (step, list of str))
    """
    x_indices, y = np.asarray(x_indices), np.asarray(y)
    if x_indices.shape != y.shape or x_indices.ndim != 2:
        raise ValueError(f"x_indices and y must be int arrays of the same shape (M, T_x), got "
                         f"{format_shape(x_indices.shape)} and {format_shape(y.shape)}")
    require_keys("parameters", parameters, rnn.PARAMETER_KEYS)
    n_a, n_x = parameters["Wax"].shape
    if n_x != len(vocab) or parameters["Wya"].shape[0] != len(vocab):
        raise ValueError(f"parameters must have n_x = n_y = len(vocab) = {len(vocab)}, got n_x = {n_x} "
                         f"and n_y = {parameters['Wya'].shape[0]}")
    for name, value in (("n_steps", n_steps), ("batch_size", batch_size), ("log_every", log_every)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    M = x_indices.shape[0]
    lengths = (y >= 0).sum(axis=1)
    rng = np.random.default_rng(seed)
    sample_rng = np.random.default_rng([seed, 1])
    state = {}
    history = {"step": [], "loss": [], "samples": []}
    if held_out is not None:
        history["held_out_loss"] = []
    with tqdm(total=n_steps, desc="training", disable=not show_progress) as bar, \
            threadpool_limits(limits=1, user_api="blas"):  # small products: one thread is faster
        for step in range(1, n_steps + 1):
            batch = rng.choice(M, size=min(batch_size, M), replace=False)
            T_b = int(lengths[batch].max())
            xb, yb = one_hot(x_indices[batch, :T_b], n_x), y[batch, :T_b]
            L, gradients = loss_and_gradients(xb, yb, np.zeros((n_a, len(batch))), parameters)
            if max_norm is not None:
                gradients = clip_by_norm(gradients, max_norm)
            adam_step(parameters, gradients, state, learning_rate)
            if step == 1 or step % log_every == 0 or step == n_steps:
                history["step"].append(step)
                history["loss"].append(float(L * len(batch) / lengths[batch].sum()))
                status = f"loss {history['loss'][-1]:.3f}"
                if held_out is not None:
                    history["held_out_loss"].append(evaluate_char_lm(parameters, *held_out))
                    status += f", held-out {history['held_out_loss'][-1]:.3f}"
                bar.set_postfix_str(status, refresh=False)
            bar.update()
            if sample_every and (step % sample_every == 0 or step == n_steps):
                names = sample_names(parameters, vocab, sample_rng, n_samples, temperature, sample=sample)
                history["samples"].append((step, names))
                bar.write(f"step {step:>5}: {', '.join(names)}", file=sys.stdout)  # above the bar, not through it
    return history
