"""The small data sets of the RNN types (05) and the bidirectional RNN (06), generated here.

    sentences, tags = load_tagging("train")            # many-to-many: part-of-speech-like tags
    sentences, labels = load_sentiment("train")        # many-to-one: 1 = positive, 0 = negative
    sources, targets = load_number_words("train")      # encoder-decoder: "three hundred five" -> "305"
    melodies = load_melodies(256)                      # one-to-many: tunes of note indices
    sentences, tags, future = load_rex("train")        # bidirectional: "rex the dog ..." / "rex the dinosaur ..."
    sources, targets = load_spoken_digits("train")     # attention (10): "four double seven one" -> "4771"

    indices, lengths = encode_tokens(sentences, vocab) # padded index batch (m, T_x), -1 on padding
    y = encode_labels(tags, TAGS)                      # padded label batch (m, T_x), -1 on padding

Every set is written by a tiny grammar in this file and drawn with Python's random.Random(seed).random()
(whose stream Python keeps the same across versions), so every machine, every grader and every rerun
sees the same sentences. Nothing is downloaded. The splits are disjoint: no test sentence is a training
sentence.
"""

import random
from collections import Counter

import numpy as np

from .text import Vocabulary, pad_batch, tokenize

__all__ = [
    "TAGS", "SENTIMENT_LABELS", "NOTES", "REX_TAGS",
    "load_tagging", "load_sentiment", "number_to_words", "load_number_words",
    "load_melodies", "melody_is_valid", "load_rex", "DIGIT_WORDS", "load_spoken_digits", "encode_tokens",
    "encode_labels",
]


class _Draw:
    """Seeded choices built on random.Random.random() only (the one stream Python guarantees)."""

    def __init__(self, seed):
        self.random = random.Random(seed).random

    def index(self, n):
        return min(int(self.random() * n), n - 1)

    def pick(self, options):
        return options[self.index(len(options))]

    def chance(self, p):
        return self.random() < p


def _check_split(split, allowed):
    if split not in allowed:
        raise ValueError(f"split must be one of {list(allowed)}, got {split!r}")


def _unique(make, count, seen, tries=200_000):
    """Call make() until `count` new items (by their text key) are drawn; `seen` is updated."""
    items = []
    for _ in range(tries):
        if len(items) == count:
            return items
        item = make()
        key = item[0] if isinstance(item, tuple) else item
        key = " ".join(key) if isinstance(key, list) else key
        if key not in seen:
            seen.add(key)
            items.append(item)
    raise RuntimeError(f"could only draw {len(items)} distinct items of {count}")  # a bug in a grammar


# ----------------------------------------------------------------------------- tagging (many-to-many)

TAGS = ("DET", "ADJ", "NOUN", "VERB", "PRON", "AUX", "ADP", "ADV", "PUNCT")

_DET = ["the", "a", "this", "my", "our"]
_ADJ = ["big", "small", "old", "young", "red", "quiet", "happy"]
_NOUN = ["dog", "cat", "man", "child", "river", "house", "bird", "farmer", "table", "boat"]
# Nouns after a determiner, verbs after a pronoun or an auxiliary: only the left context tells.
_NOUN_OR_VERB = ["fish", "watch", "book", "duck", "cook", "park", "train", "paint", "plant", "ring"]
_VERB_BASE = ["see", "like", "find", "help", "wash"]
_VERB_S = ["sees", "likes", "finds", "helps", "washes"]
_PRON = ["i", "you", "we", "they"]
_AUX = ["can", "will", "must"]  # "can" is a noun too: "the can"
_ADP = ["in", "on", "near", "with", "under"]
_ADV = ["today", "often", "slowly", "again"]


def _tagged_sentence(draw):
    words, tags = [], []

    def add(word, tag):
        words.append(word)
        tags.append(tag)

    def noun_phrase():
        add(draw.pick(_DET), "DET")
        if draw.chance(0.4):
            add(draw.pick(_ADJ), "ADJ")
        if draw.chance(0.08):
            add("can", "NOUN")
        else:
            add(draw.pick(_NOUN_OR_VERB if draw.chance(0.5) else _NOUN), "NOUN")

    def base_verb():
        add(draw.pick(_NOUN_OR_VERB if draw.chance(0.7) else _VERB_BASE), "VERB")

    def maybe_place():
        if draw.chance(0.35):
            add(draw.pick(_ADP), "ADP")
            noun_phrase()

    template = draw.index(5)
    if template == 0:    # we paint the old boat near the river .
        add(draw.pick(_PRON), "PRON"); base_verb(); noun_phrase(); maybe_place()
    elif template == 1:  # the cook can cook the fish .
        noun_phrase(); add(draw.pick(_AUX), "AUX"); base_verb(); noun_phrase(); maybe_place()
    elif template == 2:  # the farmer sees a duck .
        noun_phrase(); add(draw.pick(_VERB_S), "VERB"); noun_phrase(); maybe_place()
    elif template == 3:  # they will fish today .
        add(draw.pick(_PRON), "PRON"); add(draw.pick(_AUX), "AUX"); base_verb(); add(draw.pick(_ADV), "ADV")
    else:                # we fish often .
        add(draw.pick(_PRON), "PRON"); base_verb(); add(draw.pick(_ADV), "ADV")
    add(".", "PUNCT")
    return words, tags


def load_tagging(split="train"):
    """A small corpus tagged with part-of-speech-like tags (TAGS), for a many-to-many RNN.

    Words like "fish", "watch", "book" or "can" are nouns after a determiner ("the fish") and verbs
    after a pronoun or an auxiliary ("we fish", "they can fish"): the tag of such a word depends on
    the words before it, so a tagger that looks at one word at a time gets them wrong.

    Input:
        split -- "train" (600 sentences) or "test" (200 other sentences)
    Outputs:
        sentences -- list of sentences, each a list of str tokens (lower case; "." ends each)
        tags      -- list of the same length; tags[i] is a list of str from TAGS, one per token
    """
    _check_split(split, ("train", "test"))
    draw = _Draw(5)
    seen = set()
    train = _unique(lambda: _tagged_sentence(draw), 600, seen)
    test = _unique(lambda: _tagged_sentence(draw), 200, seen)
    chosen = train if split == "train" else test
    return [words for words, _ in chosen], [tags for _, tags in chosen]


# ----------------------------------------------------------------------------- sentiment (many-to-one)

SENTIMENT_LABELS = ("negative", "positive")

_POSITIVE = ["good", "great", "fun", "excellent", "wonderful", "nice", "brilliant", "charming"]
_NEGATIVE = ["bad", "awful", "boring", "terrible", "dull", "poor", "weak", "horrible"]
_SUBJECTS = ["the movie", "the film", "the plot", "the acting", "the story", "the music", "the ending",
             "this show"]
_INTENSIFIERS = ["", "", "very ", "really ", "quite ", "so "]


def _adjective(draw, positive):
    return draw.pick(_POSITIVE if positive else _NEGATIVE)


def _sentiment_sentence(draw, kind):
    """kind: "plain", "negated" (not X), "contrast" (X, but ... Y) or "correction" (X, not Y)."""
    subject, positive = draw.pick(_SUBJECTS), draw.chance(0.5)
    if kind == "plain":       # the movie was very good.
        return f"{subject} was {draw.pick(_INTENSIFIERS)}{_adjective(draw, positive)}.", int(positive)
    if kind == "negated":     # the movie was not good.  ->  the opposite of the adjective
        return f"{subject} was not {draw.pick(_INTENSIFIERS)}{_adjective(draw, positive)}.", int(not positive)
    first, second = _adjective(draw, not positive), _adjective(draw, positive)
    if kind == "contrast":    # the plot was dull, but the music was great.  ->  the clause after "but"
        other = draw.pick([s for s in _SUBJECTS if s != subject])
        return f"{subject} was {first}, but {other} was {second}.", int(positive)
    # correction: the movie was good, not bad.  ->  the first adjective ("not" negates the second)
    return f"{subject} was {second}, not {first}.", int(positive)


def _mirror(sentence):
    """The same words with the two adjectives swapped: the same bag of words, the opposite label."""
    tokens = tokenize(sentence)
    places = [i for i, token in enumerate(tokens) if token in _POSITIVE or token in _NEGATIVE]
    i, j = places
    tokens[i], tokens[j] = tokens[j], tokens[i]
    text = " ".join(tokens)
    return text.replace(" ,", ",").replace(" .", ".")


def load_sentiment(split="train"):
    """Short movie-review sentences labelled positive (1) or negative (0), for a many-to-one RNN.

    Four kinds of sentence, in every split but "order":
        plain       "the movie was very good."                       -> the adjective's polarity
        negated     "the movie was not good."                        -> the opposite
        contrast    "the plot was dull, but the music was great."    -> the clause after "but"
        correction  "the movie was good, not bad."                   -> the first adjective
    The "order" split holds only contrast and correction sentences, in pairs: each comes with its
    mirror, the same words with the two adjectives swapped ("the movie was bad, not good."), which
    has the opposite label. A model that sees a bag of words (counts, no order) gives both the same
    answer, so it gets exactly half of this split right; a model that reads in order need not.

    Input:
        split -- "train" (800 sentences), "test" (300) or "order" (120: 60 mirror pairs, every
                 sentence followed by its mirror); no sentence is in two splits
    Outputs:
        sentences -- list of str, lower case, with punctuation (course_utils.text.tokenize splits it)
        labels    -- int array (M,), 1 = positive, 0 = negative (SENTIMENT_LABELS[label] names it)
    """
    _check_split(split, ("train", "test", "order"))
    draw = _Draw(6)
    kinds = ["plain"] * 3 + ["negated"] * 3 + ["contrast"] * 2 + ["correction"] * 2
    seen = set()
    train = _unique(lambda: _sentiment_sentence(draw, draw.pick(kinds)), 800, seen)
    test = _unique(lambda: _sentiment_sentence(draw, draw.pick(kinds)), 300, seen)
    order = []
    while len(order) < 120:
        sentence, label = _sentiment_sentence(draw, draw.pick(["contrast", "correction"]))
        mirror = _mirror(sentence)
        if sentence not in seen and mirror not in seen:
            seen.update((sentence, mirror))
            order += [(sentence, label), (mirror, 1 - label)]
    chosen = {"train": train, "test": test, "order": order}[split]
    return [s for s, _ in chosen], np.array([label for _, label in chosen], dtype=np.int64)


# ----------------------------------------------------------------------------- numbers (encoder-decoder)

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_to_words(n):
    """English words of an integer 0 <= n <= 999, without "and": 305 -> "three hundred five"."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n <= 999:
        raise ValueError(f"n must be an int from 0 to 999, got {n!r}")
    n = int(n)
    hundreds, rest = divmod(n, 100)
    words = [_ONES[hundreds], "hundred"] if hundreds else []
    if rest or not hundreds:
        if rest < 20:
            words.append(_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            words += [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    return " ".join(words)


def load_number_words(split="train"):
    """Numbers written in words and in digits, for an encoder-decoder (T_x != T_y).

    "seventeen" (1 word) -> "17" (2 digits); "three hundred five" (3 words) -> "305" (3 digits);
    "nine hundred ninety nine" (4 words) -> "999".

    Input:
        split -- "train" (750 of the numbers 0..999) or "test" (the other 250), drawn with a fixed seed;
                 every word of a test number also occurs in the training numbers (a model cannot know
                 a word it never read: "zero" occurs in 0 only, so 0 is always a training number)
    Outputs:
        sources -- list of str, the number in words ("three hundred five")
        targets -- list of str, the same number in digits ("305")
    """
    _check_split(split, ("train", "test"))
    numbers = list(range(1000))
    draw = _Draw(7)
    for i in range(len(numbers) - 1, 0, -1):  # Fisher-Yates with the guaranteed stream
        j = draw.index(i + 1)
        numbers[i], numbers[j] = numbers[j], numbers[i]
    train, test = numbers[:750], numbers[750:]
    for i, n in enumerate(test):
        counts = Counter(w for k in train for w in number_to_words(k).split())
        if all(counts[w] for w in number_to_words(n).split()):
            continue
        # trade it for the last-drawn training number whose words all occur in other training numbers too
        j = max(j for j, k in enumerate(train) if all(counts[w] > 1 for w in number_to_words(k).split()))
        train[j], test[i] = n, train[j]
    chosen = sorted(train) if split == "train" else sorted(test)
    return [number_to_words(n) for n in chosen], [str(n) for n in chosen]


# ----------------------------------------------------------------------------- melodies (one-to-many)

NOTES = ("C", "D", "E", "F", "G", "A", "B", "c")  # one octave of the C major scale, c an octave above C


def melody_is_valid(melody):
    """The rules every training tune follows.

    Every move is a step or a skip of the scale (1 or 2 notes up or down; no repeated note, no leap),
    and the tune ends on C or c.

    Input:
        melody -- sequence of int note indices into NOTES (length >= 2)
    Output:
        bool
    """
    melody = [int(k) for k in melody]
    if len(melody) < 2 or min(melody) < 0 or max(melody) >= len(NOTES):
        return False
    moves_ok = all(abs(b - a) in (1, 2) for a, b in zip(melody, melody[1:]))
    return moves_ok and melody[-1] in (0, len(NOTES) - 1)


def load_melodies(m, length=8, seed=0):
    """m tunes that follow melody_is_valid's rules, each starting anywhere in the octave.

    Drawn one move at a time (a step or skip, up or down, inside the octave), keeping a tune only
    if it ends on C or c.

    Inputs:
        m      -- int >= 1, the number of tunes
        length -- int >= 2, the notes per tune (the first note is the one-to-many model's input)
        seed   -- int
    Output:
        melodies -- int array (m, length) of indices into NOTES
    """
    for name, value, low in (("m", m, 1), ("length", length, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    draw = _Draw(f"melodies-{seed}")
    top = len(NOTES) - 1
    melodies = []
    while len(melodies) < m:
        tune = [draw.index(len(NOTES))]
        while len(tune) < length:
            options = [tune[-1] + d for d in (-2, -1, 1, 2) if 0 <= tune[-1] + d <= top]
            tune.append(draw.pick(options))
        if tune[-1] in (0, top):
            melodies.append(tune)
    return np.array(melodies, dtype=np.int64)


# ----------------------------------------------------------------------------- Rex (bidirectional)

REX_TAGS = ("O", "DOG", "DINO")

_PET_NAMES = ["rex", "max", "spike", "rocky", "duke", "bruno", "buddy", "ziggy"]
_DOG_WORDS = ["dog", "puppy", "poodle"]
_DINO_WORDS = ["dinosaur", "raptor", "stegosaurus"]
_REX_ADJ = ["friendly", "big", "old", "little", "hungry", "sleepy"]
_REX_VERBS = ["slept", "ran", "ate", "played", "walked", "rested", "hid"]
_REX_PLACES = ["in the garden", "all day", "near the lake", "with the children", "at night", "again"]


def _rex_sentence(draw):
    """One sentence, its tags, and whether each word's tag needs a word that comes after it."""
    name, is_dog = draw.pick(_PET_NAMES), draw.chance(0.5)
    kind = draw.pick(_DOG_WORDS if is_dog else _DINO_WORDS)
    name_tag = "DOG" if is_dog else "DINO"
    adj = draw.pick(_REX_ADJ)
    rest = f"{draw.pick(_REX_VERBS)} {draw.pick(_REX_PLACES)}"
    future = draw.chance(0.65)
    if future:  # the name comes first; "dog" or "dinosaur" only later
        template = draw.index(4)
        text = [f"NAME the {kind} {rest} .", f"NAME , a {adj} {kind} , {rest} .",
                f"NAME was a {adj} {kind} .", f"yesterday NAME the {kind} {rest} ."][template]
    else:       # "dog" or "dinosaur" comes before the name
        template = draw.index(3)
        text = [f"the {adj} {kind} NAME {rest} .", f"our {kind} is called NAME .",
                f"my {kind} , NAME , {rest} ."][template]
    words = text.split()
    tags = [name_tag if w == "NAME" else "O" for w in words]
    needs_future = [w == "NAME" and future for w in words]
    return [name if w == "NAME" else w for w in words], tags, needs_future


def load_rex(split="train"):
    """The course text's "Rex" example as a tagging task: is the name a dog's or a dinosaur's?

    "rex the dog slept all day ."  ->  rex/DOG    "rex , a big dinosaur , ate again ."  ->  rex/DINO
    "the old puppy rex hid at night ."  ->  rex/DOG (here the clue comes first)
    Every name (rex, max, spike, ...) is a dog in some sentences and a dinosaur in others; every other
    word is tagged "O". In about two thirds of the sentences the word that decides ("dog", "puppy",
    "poodle" or "dinosaur", "raptor", "stegosaurus") comes after the name: a left-to-right RNN has not
    seen it yet when it must tag the name.

    Input:
        split -- "train" (500 sentences) or "test" (300 other sentences)
    Outputs:
        sentences    -- list of token lists (str)
        tags         -- list of tag lists, values from REX_TAGS, one per token
        needs_future -- list of bool lists, one per token: True for a name whose clue comes later
    """
    _check_split(split, ("train", "test"))
    draw = _Draw(8)
    seen = set()
    train = _unique(lambda: _rex_sentence(draw), 500, seen)
    test = _unique(lambda: _rex_sentence(draw), 300, seen)
    chosen = train if split == "train" else test
    return [w for w, _, _ in chosen], [t for _, t, _ in chosen], [f for _, _, f in chosen]


# ----------------------------------------------------------------------------- spoken digits (attention)

DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _spoken_digits(draw, n_digits):
    """(words, digits) of one digit string: each digit a word, a repeated digit often "double d"."""
    digits = [draw.index(10) for _ in range(n_digits)]
    words, t = [], 0
    while t < n_digits:
        if t + 1 < n_digits and digits[t + 1] == digits[t] and draw.chance(0.7):
            words += ["double", DIGIT_WORDS[digits[t]]]
            t += 2
        else:
            words.append(DIGIT_WORDS[digits[t]])
            t += 1
    return " ".join(words), "".join(str(d) for d in digits)


def load_spoken_digits(split="train"):
    """Digit strings read aloud, the way a phone number is: "four double seven one" -> "4771".

    Every digit is a word; two equal digits in a row are often read "double d" (two words, two digits).
    The inputs are long (up to 10 words), so that one state vector has a lot to carry.

    Input:
        split -- "train" (3000 strings of 3 to 10 digits) or "test" (30 strings
                 of every length from 3 to 10 digits, 240 in all), drawn with a fixed seed; no test string
                 is a training string
    Outputs:
        sources -- list of str, the words ("four double seven one")
        targets -- list of str, the digits ("4771")
    """
    _check_split(split, ("train", "test"))
    draw = _Draw(10)
    seen = set()
    test = [item for n in range(3, 11) for item in _unique(lambda: _spoken_digits(draw, n), 30, seen)]
    train = _unique(lambda: _spoken_digits(draw, 3 + draw.index(8)), 3000, seen)
    chosen = train if split == "train" else test
    return [s for s, _ in chosen], [t for _, t in chosen]


# ----------------------------------------------------------------------------- loaders


def encode_tokens(sentences, vocab):
    """Turn sentences into a padded batch of word indices (no <EOS> appended).

    Inputs:
        sentences -- list of m sentences, each a str (tokenized with course_utils.text.tokenize)
                     or a list of str tokens
        vocab     -- course_utils.text.Vocabulary (unknown words -> <UNK>)
    Outputs:
        indices -- int array (m, T_x), T_x the longest sentence; -1 after each sentence's end
        lengths -- int array (m,), the number of tokens of each sentence
    """
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    if isinstance(sentences, str) or not isinstance(sentences, (list, tuple)) or not sentences:
        raise ValueError("sentences must be a non-empty list of sentences (str or lists of tokens)")
    encoded = [vocab.encode(s, add_eos=False) for s in sentences]
    empty = [i for i, e in enumerate(encoded) if not e]
    if empty:
        raise ValueError(f"sentences must not be empty, got an empty sentence at position {empty[0]}")
    return pad_batch(encoded)


def encode_labels(label_lists, labels):
    """Turn per-token labels into a padded int batch, -1 on padding (the losses skip -1).

    Inputs:
        label_lists -- list of m lists of str (e.g. tags from load_tagging)
        labels      -- sequence of the n_y possible str labels (e.g. TAGS); index = position
    Output:
        y -- int array (m, T_y), y[i, t] = labels.index(label_lists[i][t]), -1 past each list's end
    """
    index = {label: k for k, label in enumerate(labels)}
    if isinstance(label_lists, str) or not isinstance(label_lists, (list, tuple)) or not label_lists:
        raise ValueError("label_lists must be a non-empty list of lists of labels")
    rows = []
    for i, row in enumerate(label_lists):
        unknown = [label for label in row if label not in index]
        if unknown:
            raise ValueError(f"label_lists[{i}] holds {unknown[0]!r}, which is not one of {list(labels)}")
        rows.append([index[label] for label in row])
    return pad_batch(rows)[0]
