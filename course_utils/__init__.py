"""course_utils: the helper package of the open course on recurrent neural networks.

One concept per module:
    text        -- tokens, a Vocabulary with <UNK> and <EOS>, one-hot encoding and decoding
    activations -- softmax (over axis 0), tanh, sigmoid
    rnn         -- the reference RNN: cell and sequence, forward and backward (BPTT)
    plots       -- the figures the notebooks share
    testing     -- checks for notebook test cells, with messages that name the likely mistake
    validation  -- input checks that say which shape or key was expected
    rnn_types   -- many-to-one, one-to-many sampling and the encoder-decoder, built on rnn
    bidirectional -- the bidirectional RNN: reversal within each length, forward and backward
    datasets    -- the small generated data sets of 05-07 (tagging, sentiment, numbers, tunes, Rex)
    baselines   -- accuracy, a majority-label tagger, bag-of-words counts
    sampling    -- greedy and random choices from columns of probabilities
    corpus      -- the English corpus shipped in data/ (the Lee corpus), as sentences of tokens
    embeddings  -- the embedding matrix E: lookup forward and backward, cosine similarity, neighbours, analogies
    word2vec    -- skip-gram with negative sampling: pairs, subsampling, negatives, loss and gradients, training
    evaluation  -- Spearman's rank correlation, WordSim-353 similarity and analogy accuracy of embeddings
    word_map    -- PCA and a 2-D scatter of groups of word vectors
"""

__version__ = "0.1.0"
