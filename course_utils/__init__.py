"""Helpers for the course "Recurrent Neural Networks with Keras".

Each module holds one idea and names the notebook that teaches it:

- ``session``: ``setup()``, called in the first cell of every notebook; the seed offset.
- ``float_path``: which float path this process is on, and the one the outputs were saved on.
- ``cache_sizes``: the cache sizes TensorFlow's matrix products are blocked for, pinned.
- ``exercises``: the check cells of the exercises.
- ``diagrams``: the architecture diagrams, drawn with matplotlib.
- ``checks``: input validation shared by the other modules.
- ``training``: one compiled model restarted for every seed; a cheap held-out curve (03-06, 09).
- ``text``: tokens, vocabularies, bags, one-hot (01) and padding (06); reused by 02 and 05-08.
- ``corpora``: the Zen of Python, generated negation sentences, Python's help pages (01, 02, 04).
- ``char_lm``: character codec, windows, bits per character and sampling (02, 04).
- ``cells``: RNN, LSTM and GRU cells in NumPy in Keras's weight layout, with BPTT (02-04).
- ``sequence_tasks``: the adding problem and first-symbol recall (03, 04).
- ``surnames``: surname -> country data from Faker's name lists (05).
- ``tagging``: a generated noun/verb tagging corpus and the padding task (06).
- ``chat_corpus``: chatterbot-corpus prompt/reply pairs (07).
- ``decoding``: greedy decoding and beam search (07, 08).
- ``metrics``: corpus BLEU (07, 08).
- ``attention``: the Bahdanau attention layer and its NumPy twin (08).
- ``dates``: generated human-format dates and their ISO form (08).
- ``stocks``, ``timeseries``: checked daily prices and leak-free forecasting helpers (09).
"""
import os

# TensorFlow reads these when it is first imported, so set them before anything imports it.
# Together with the cache sizes `setup` pins (cache_sizes.py) they fix the float path, so that
# saved outputs repeat on every x86-64 machine with AVX2 (the README's "Reproducibility" says
# what holds elsewhere). A value already in the
# environment wins: that is how `make robustness` replays the course on other paths.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")     # hide TensorFlow's C++ log lines
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")    # no reordered oneDNN graph rewrites
os.environ.setdefault("ONEDNN_MAX_CPU_ISA", "AVX2")    # the same matrix kernels with or without AVX-512

from course_utils.session import setup  # noqa: E402

__all__ = ["setup"]
