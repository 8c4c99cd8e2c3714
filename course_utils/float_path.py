"""The float path a run takes, and how the notebook replay compares outputs across paths.

TensorFlow's results depend on more than the seed: its matrix kernels (oneDNN, also behind
Eigen's contractions) pick their code by the CPU's instruction set, Eigen cuts each product
into blocks sized for the CPU's caches (``cache_sizes``), and another TensorFlow, Keras or
NumPy version may sum in another order. ``describe()`` records what decides this,
without importing TensorFlow; ``make execute`` saves it next to the notebooks as
``notebooks/reference_path.json`` and the test harness (``conftest.py``) compares it with the
path of the replay:

- same path (or ``CI=true``): every compared output must match exactly;
- another path: each cell as its tags say (``comparison``): numbers printed by cells tagged
  ``depends-on-training`` within ``RELATIVE_TOLERANCE`` / ``ABSOLUTE_TOLERANCE``
  (``numbers_differ``), cells tagged ``generated-text`` or ``seed-sensitive`` not at all, the
  rest exactly.

Command line::

    python -m course_utils.float_path                      # print this process's path
    python -m course_utils.float_path --write PATH         # save it as JSON (make execute)
    python -m course_utils.float_path --compare PATH       # list what differs from PATH

Not used by the notebooks themselves; tested in tests/test_float_path.py and
tests/test_replay_modes.py.
"""
import argparse
import importlib.metadata
import json
import math
import os
import pathlib
import platform
import re
import sys

from course_utils import cache_sizes

# The keys of a description, in the order they are written and reported.
KEYS = ("os", "machine", "python", "cpu_isa", "onednn_opts", "eigen_caches", "tensorflow", "keras",
        "numpy")

# The instruction sets ONEDNN_MAX_CPU_ISA accepts, lowest first, with the /proc/cpuinfo flags a
# CPU needs for each. oneDNN uses the best one the CPU supports, up to the cap; "ALL" is no cap.
ISA_FLAGS = {
    "SSE41": {"sse4_1"},
    "AVX": {"avx"},
    "AVX2": {"avx2"},
    "AVX2_VNNI": {"avx2", "avx_vnni"},
    "AVX2_VNNI_2": {"avx2", "avx_vnni", "avx_vnni_int8", "avx_ne_convert"},
    "AVX512_CORE": {"avx512f", "avx512bw", "avx512vl", "avx512dq"},
    "AVX512_CORE_VNNI": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni"},
    "AVX512_CORE_BF16": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
                         "avx512_bf16"},
    "AVX10_1_512": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
                    "avx512_bf16", "avx512_fp16"},
    "AVX10_1_512_AMX": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
                        "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8", "amx_bf16"},
    "AVX10_1_512_AMX_FP16": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
                             "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8", "amx_bf16",
                             "amx_fp16"},
}
ISA_ORDER = tuple(ISA_FLAGS) + ("ALL",)
# Older names oneDNN still accepts for the same caps.
ISA_ALIASES = {
    "AVX512_CORE_FP16": "AVX10_1_512",
    "AVX512_CORE_AMX": "AVX10_1_512_AMX",
    "AVX512_CORE_AMX_FP16": "AVX10_1_512_AMX_FP16",
}
# What course_utils/__init__.py and the Makefile set when the environment sets nothing.
DEFAULT_ENV = {"ONEDNN_MAX_CPU_ISA": "AVX2", "TF_ENABLE_ONEDNN_OPTS": "0"}
X86_MACHINES = {"x86_64", "amd64", "i386", "i686", "x86"}
TENSORFLOW_DISTRIBUTIONS = ("tensorflow", "tensorflow-cpu", "tensorflow-intel", "tensorflow-macos")

# How far a number printed by a `depends-on-training` cell may move on another float path:
# |now - saved| <= max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * |saved|), the looser of the two.
# - Relative 10 % covers numbers with a scale: a loss of 2.31 may read 2.08-2.54, an RMSE of
#   $4.12 may read $3.71-$4.53, an error count of 40 may read 36-44, BLEU 35.2 (in %) 31.7-38.7.
# - Absolute 0.05 covers numbers near zero, where 10 % is a hair: accuracies and BLEU in [0, 1]
#   and small losses (0.02 may read 0.00-0.07, an accuracy of 0.40 may read 0.35-0.45).
# A retrained model on another instruction set or version lands this close when training
# converged; a claim that needs more than this is an assert's job, and asserts run everywhere.
RELATIVE_TOLERANCE = 0.10
ABSOLUTE_TOLERANCE = 0.05

# Off the reference path, a cell's tags say how its output is compared (``comparison``):
# - depends-on-training: numbers a trained model produces; another float path moves them a little;
# - generated-text: sampled or decoded text, which another path may change entirely;
# - seed-sensitive: results the notebook shows changing from seed to seed (which runs learn,
#   which blow up, the order of close scores); another path changes them as another seed would.
TOLERANCE_TAG = "depends-on-training"
NOT_COMPARED_TAGS = ("generated-text", "seed-sensitive")
EXACT, TOLERANCE, NOT_COMPARED = "exact", "within tolerance", "not compared"

# A printed number: optional minus (not when glued to a word, as in `x-1` or `3-4`), digits
# with an optional decimal part, optional exponent. Digits inside words (`h1`, `seq2seq`,
# `float32`) are not numbers and stay part of the text.
NUMBER = re.compile(r"(?<![\w.])(?:-(?=\.?\d))?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?!\w)")
NUMBER_MASK = "<number>"
# Runs of spaces and tabs: a table's column widths follow its numbers' widths (0.5 vs 0.51),
# so the text around the numbers is compared with each run collapsed to one space.
SPACES = re.compile(r"[ \t]+")


def describe(environ=None, cpuinfo_path="/proc/cpuinfo"):
    """Return this process's float path as TensorFlow would take it, without importing it.

    ``environ`` (default ``os.environ``) supplies ``ONEDNN_MAX_CPU_ISA`` and
    ``TF_ENABLE_ONEDNN_OPTS``; unset ones take course_utils' defaults (``AVX2``, ``"0"``).
    Returns a dict with the keys ``KEYS``: ``os`` and ``machine`` (``platform``), ``python``
    ("3.11"), ``cpu_isa`` (see ``effective_isa``), ``onednn_opts``, ``eigen_caches`` (see
    ``eigen_caches``) and the ``tensorflow``, ``keras`` and ``numpy`` versions
    (``"not installed"`` when absent).
    """
    env = os.environ if environ is None else environ
    machine = platform.machine()
    system = platform.system()
    return {
        "os": system,
        "machine": machine,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "cpu_isa": effective_isa(env.get("ONEDNN_MAX_CPU_ISA", DEFAULT_ENV["ONEDNN_MAX_CPU_ISA"]),
                                 _supported_isa(system, machine, cpuinfo_path), machine),
        "onednn_opts": env.get("TF_ENABLE_ONEDNN_OPTS", DEFAULT_ENV["TF_ENABLE_ONEDNN_OPTS"]),
        "eigen_caches": eigen_caches(env),
        "tensorflow": _version(*TENSORFLOW_DISTRIBUTIONS),
        "keras": _version("keras"),
        "numpy": _version("numpy"),
    }


def eigen_caches(environ=None):
    """The cache sizes ``course_utils.setup`` has Eigen block products for: ``"32K/512K/32M"``
    (``cache_sizes.PINNED``), or ``"native"`` (the CPU's own) under ``COURSE_EIGEN_CACHES=native``
    or where the installed TensorFlow has no copy of Eigen's static to pin (``cache_sizes``).
    """
    if not cache_sizes.wanted(environ):
        return "native"
    for library in cache_sizes.installed_libraries():
        try:
            if cache_sizes.locate(library):
                return cache_sizes.label()
        except ValueError:
            continue
    return "native"


def effective_isa(cap, supported, machine="x86_64"):
    """Return the instruction set oneDNN uses: the lower of ``cap`` and ``supported``.

    ``cap`` is ``ONEDNN_MAX_CPU_ISA`` (a name in ``ISA_ORDER`` or ``ISA_ALIASES``, any case);
    ``supported`` is the best set the CPU has (``supported_isa``) or None when unknown, which
    gives ``"at most <cap>"``. On a machine that is not x86 the cap does not apply: ``"n/a"``.
    """
    if str(machine).lower() not in X86_MACHINES:
        return "n/a"
    cap = _normalise_isa(cap, "ONEDNN_MAX_CPU_ISA")
    if supported is None:
        return f"at most {cap}"
    supported = _normalise_isa(supported, "supported")
    return min(cap, supported, key=ISA_ORDER.index)


def supported_isa(flags):
    """Return the best oneDNN instruction set whose CPU flags are all in ``flags``.

    ``flags``: the words of a ``/proc/cpuinfo`` "flags" line (e.g. ``{"sse4_1", "avx",
    "avx2", "fma"}`` -> ``"AVX2"``). Returns None when even SSE4.1 is missing.
    """
    if isinstance(flags, str):
        raise ValueError(f"flags should be a collection of flag names, got the string {flags!r}")
    flags = set(flags)
    best = None
    for isa, needed in ISA_FLAGS.items():
        if needed <= flags:
            best = isa
    return best


def comparison(tags, strict):
    """How a compared cell's output is checked: ``EXACT``, ``TOLERANCE`` or ``NOT_COMPARED``.

    ``tags`` is the cell's ``metadata.tags`` (a list of str); ``strict`` is True on the
    reference path and under CI, where every compared cell must print the same text.
    """
    if not isinstance(tags, (list, tuple)) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"tags should be a list of str, got {tags!r}")
    if strict:
        return EXACT
    if any(tag in tags for tag in NOT_COMPARED_TAGS):
        return NOT_COMPARED
    return TOLERANCE if TOLERANCE_TAG in tags else EXACT


def differences(reference, current):
    """Return the keys whose values differ between two descriptions, in ``KEYS`` order.

    Both must be dicts as ``describe()`` returns (``load`` checks a saved one); keys missing
    from one side count as different.
    """
    for name, value in (("reference", reference), ("current", current)):
        if not isinstance(value, dict):
            raise ValueError(f"{name} should be a dict from describe(), got {type(value).__name__}")
    keys = list(KEYS) + sorted((set(reference) | set(current)) - set(KEYS))
    return [k for k in keys if (k in reference or k in current) and reference.get(k) != current.get(k)]


def summary(description):
    """One line naming a path, e.g. ``Linux x86_64, AVX2, oneDNN opts 0, Eigen caches
    32K/512K/32M, Python 3.11, ...``."""
    d = description
    return (f"{d.get('os')} {d.get('machine')}, {d.get('cpu_isa')}, oneDNN opts "
            f"{d.get('onednn_opts')}, Eigen caches {d.get('eigen_caches')}, Python {d.get('python')}, tensorflow {d.get('tensorflow')}, "
            f"keras {d.get('keras')}, numpy {d.get('numpy')}")


def write(path, description=None):
    """Save ``description`` (default: ``describe()``) as pretty JSON at ``path``; return it."""
    description = describe() if description is None else description
    missing = [k for k in KEYS if k not in description]
    if missing:
        raise ValueError(f"description is missing the keys {missing}")
    path = pathlib.Path(path)
    path.write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")
    return description


def load(path):
    """Read a description saved by ``write``; a missing or corrupt file raises ValueError."""
    path = pathlib.Path(path)
    fix = "run `make execute` to re-execute the notebooks and record their float path"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path} not found: the saved outputs do not say which float path "
                         f"made them; {fix}") from None
    except (OSError, UnicodeDecodeError) as err:   # a folder, unreadable, or not text
        raise ValueError(f"{path} could not be read as UTF-8 text ({err}); {fix}") from None
    try:
        description = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not valid JSON ({err}); {fix}") from None
    if not isinstance(description, dict):
        raise ValueError(f"{path} should hold a JSON object, got {type(description).__name__}; {fix}")
    missing = [k for k in KEYS if k not in description]
    if missing:
        raise ValueError(f"{path} lacks the keys {missing}; {fix}")
    return description


def numbers_in(text):
    """Return the numbers printed in ``text`` as floats, in order (see ``NUMBER``)."""
    return [float(m) for m in NUMBER.findall(_check_text(text, "text"))]


def mask_numbers(text):
    """Return the text around the numbers: ``text`` with every number replaced by
    ``NUMBER_MASK`` and every run of spaces or tabs by one space (see ``SPACES``); line breaks
    stay. E.g. ``mask_numbers("loss   0.25")`` is ``"loss <number>"``."""
    return SPACES.sub(" ", NUMBER.sub(NUMBER_MASK, _check_text(text, "text")))


def within_tolerance(saved, now):
    """True when ``now`` is within the replay tolerance of ``saved`` (see RELATIVE_TOLERANCE)."""
    if saved == now:
        return True
    if math.isnan(saved) or math.isnan(now) or math.isinf(saved) or math.isinf(now):
        return False
    return abs(now - saved) <= max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * abs(saved))


def numbers_differ(saved, now):
    """Compare two printed texts number by number; return a list of differences (empty if none).

    The text around the numbers must be the same and so must their count; each number may
    move by the tolerance (``within_tolerance``). E.g. ``numbers_differ("acc 0.91", "acc
    0.93") == []`` but ``numbers_differ("acc 0.91", "acc 0.71")`` names the number.
    """
    if mask_numbers(saved) != mask_numbers(now):
        return [f"the text around the numbers differs: saved {mask_numbers(saved)!r}, "
                f"now {mask_numbers(now)!r}"]
    problems = []
    for i, (a, b) in enumerate(zip(numbers_in(saved), numbers_in(now)), start=1):
        if not within_tolerance(a, b):
            allowed = max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * abs(a))
            problems.append(f"number {i}: saved {a:g}, now {b:g}, allowed +/- {allowed:.3g}")
    return problems


def _check_text(text, name):
    if not isinstance(text, str):
        raise ValueError(f"{name} should be a str, got {type(text).__name__}")
    return text


def _normalise_isa(name, what):
    key = str(name).strip().upper()
    key = ISA_ALIASES.get(key, key)
    if key not in ISA_ORDER:
        raise ValueError(f"{what}={name!r} is not an instruction set oneDNN knows; expected one "
                         f"of {', '.join(ISA_ORDER)}")
    return key


def _supported_isa(system, machine, cpuinfo_path):
    """The CPU's best set from /proc/cpuinfo on Linux x86; None (unknown) elsewhere."""
    if system != "Linux" or str(machine).lower() not in X86_MACHINES:
        return None
    try:
        text = pathlib.Path(cpuinfo_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("flags"):
            return supported_isa(line.partition(":")[2].split())
    return None


def _version(*distributions):
    for name in distributions:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "not installed"


def main(argv=None):
    """``python -m course_utils.float_path [--write PATH | --compare PATH]``."""
    parser = argparse.ArgumentParser(prog="python -m course_utils.float_path",
                                     description="Describe the float path TensorFlow takes here.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", metavar="PATH", help="save the description as JSON at PATH")
    group.add_argument("--compare", metavar="PATH", help="list what differs from the one at PATH")
    args = parser.parse_args(argv)
    try:
        if args.write:
            write(args.write)
            print(f"float path written to {args.write}: {summary(describe())}")
        elif args.compare:
            reference, current = load(args.compare), describe()
            keys = differences(reference, current)
            for key in keys:
                print(f"{key}: {reference.get(key)} (saved) -> {current.get(key)} (here)")
            if not keys:
                print(f"same float path as {args.compare}: {summary(current)}")
        else:
            print(json.dumps(describe(), indent=2))
    except (ValueError, OSError) as err:
        parser.exit(1, f"error: {err}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
