"""course_utils: the helper package of the open course on recurrent neural networks.

One concept per module.

Words and data
    text          -- tokens, a Vocabulary with <UNK> and <EOS>, one-hot encoding and decoding
    tasks         -- small generated sequence tasks (echo: repeat the symbol seen k steps ago)
    datasets      -- the small generated data sets of 05-07 and 10 (tagging, sentiment, numbers, tunes, Rex, spoken digits)
    names         -- the names corpus of 08 (data/names.txt) and its held-out split
    corpus        -- the English corpus shipped in data/ (the Lee corpus), as sentences of tokens

The networks (reference implementations; forward returns a cache, backward consumes it)
    activations   -- softmax (over axis 0), tanh, sigmoid
    rnn           -- the RNN: cell and sequence, forward and backward (BPTT), output layer
    losses        -- cross-entropy per step, summed over time, with a mask for padding
    rnn_types     -- many-to-one, one-to-many sampling and the encoder-decoder, built on rnn
    bidirectional -- the bidirectional RNN: reversal within each length, forward and backward
    char_lm       -- the character-level language model of 08: encoding, sampling with a temperature, training
    ngram         -- unigram, bigram and n-gram baselines
    embeddings    -- the embedding matrix E: lookup forward and backward, cosine similarity, neighbours, analogies
    word2vec      -- skip-gram with negative sampling: pairs, subsampling, negatives, loss and gradients, training
    attention     -- scaled dot-product attention (padding masked), the attention decoder and model of 10
    decoding      -- greedy and beam search over a decoder seen through a step function
    bleu          -- corpus BLEU: clipped n-gram precisions and the brevity penalty

Training and measuring
    gradcheck     -- centred finite differences and the relative error
    gradient_flow -- how the norm of dL/da<t> vanishes or explodes back through time
    optim         -- gradient clipping, SGD and Adam steps
    training      -- training loops with a progress bar (tqdm.auto: a widget in a notebook, text elsewhere)
    baselines     -- accuracy, a majority-label tagger, bag-of-words counts
    sampling      -- greedy and random choices from columns of probabilities
    evaluation    -- Spearman's rank correlation, WordSim-353 similarity and analogy accuracy of embeddings

Pictures and widgets
    plots         -- the figures the notebooks share
    widgets       -- interactive figures (ipywidgets), each with a static twin in plots
    word_map      -- PCA and a 2-D scatter of groups of word vectors

Grading
    testing       -- checks for notebook test cells, with messages that name the likely mistake
    validation    -- input checks that say which shape or key was expected
    check         -- self-check: run a notebook and report its visible tests (python -m course_utils.check)
    grading/      -- grading untrusted notebooks with nbgrader; only grading/worker.py ever runs learner code:
        trusted   -- nbgrader's execution step for the course: tests and comparisons in nbgrader's process
        remote    -- the grader's handle on the worker: run cells, call the learner's functions with plain data
        wire      -- plain data between the two (JSON and array bytes, never pickle)
        sandbox   -- the bubblewrap command the worker runs under
        answers   -- the worker's copy of course_utils, without the assignment's answers
        worker    -- the learner's side: runs the cells, answers calls (runs in the sandbox)
        limits    -- size caps on a graded notebook
        batch     -- many students in parallel (python3 course.py grade)
        scan      -- the self-check's notes on code that calls the course's answers
"""

__version__ = "0.1.0"
