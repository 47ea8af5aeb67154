"""course_utils: the helper package of the open course on recurrent neural networks.

One concept per module:
    text        -- tokens, a Vocabulary with <UNK> and <EOS>, one-hot encoding and decoding
    activations -- softmax (over axis 0), tanh, sigmoid
    rnn         -- the reference RNN: cell and sequence, forward and backward (BPTT)
    plots       -- the figures the notebooks share
    testing     -- checks for notebook test cells, with messages that name the likely mistake
    validation  -- input checks that say which shape or key was expected
"""

__version__ = "0.1.0"
