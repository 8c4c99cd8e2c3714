"""Helpers for the course "Recurrent Neural Networks with Keras".

Each module holds one idea and names the notebook that teaches it:

- ``session``: ``setup()``, called in the first cell of every notebook.
- ``checks``: input validation shared by the other modules.
- ``text``: tokens, vocabularies, bag-of-words, one-hot and padding (notebook 01).
- ``cells``: recurrent cells written in NumPy, using Keras's weight layout (notebooks 02-04).
"""
import os

# TensorFlow reads these when it is first imported, so set them before anything imports it:
# hide its C++ log lines, and turn off oneDNN's reordered float maths so that saved outputs
# repeat across CPUs (on these small models it costs no speed).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from course_utils.session import setup  # noqa: E402

__all__ = ["setup"]
