"""Helpers for the course "Recurrent Neural Networks with Keras".

Each module holds one idea and names the notebook that teaches it:

- ``session``: ``setup()``, called in the first cell of every notebook.
- ``checks``: input validation shared by the other modules.
- ``text``: tokens, vocabularies, bag-of-words, one-hot and padding (01; reused by 02 and 05-08).
- ``corpora``: the Zen of Python and generated negation sentences (01, 02).
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

# TensorFlow reads these when it is first imported, so set them before anything imports it:
# hide its C++ log lines, and turn off oneDNN's reordered float maths so that saved outputs
# repeat across CPUs (on these small models it costs no speed).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from course_utils.session import setup  # noqa: E402

__all__ = ["setup"]
