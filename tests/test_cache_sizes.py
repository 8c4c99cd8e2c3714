"""course_utils.cache_sizes: Eigen's cache sizes inside TensorFlow, found and pinned."""
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

import pytest

from course_utils import cache_sizes, float_path

ON_LINUX_X86 = platform.system() == "Linux" and platform.machine() == "x86_64"
needs_tensorflow_library = pytest.mark.skipif(
    not (ON_LINUX_X86 and cache_sizes.installed_libraries()),
    reason="the pin applies to TensorFlow's Linux x86-64 libraries")


def test_label_names_the_sizes():
    assert cache_sizes.label() == "32K/512K/32M"
    assert cache_sizes.label((48 * 1024, 2 * 1024 * 1024, 1536 * 1024)) == "48K/2M/1536K"


@pytest.mark.parametrize("sizes", [(32768, 524288), (32768, 0, 1), (32768, 524288, 2.5), "32K/512K/32M",
                                   (True, 1, 1)])
def test_bad_sizes_say_what_is_expected(sizes):
    with pytest.raises(ValueError, match="three positive ints"):
        cache_sizes.label(sizes)
    with pytest.raises(ValueError, match="three positive ints"):
        cache_sizes.pin(sizes, libraries=[])


def test_the_variable_chooses_pinned_or_native():
    assert cache_sizes.wanted({}) and cache_sizes.wanted({"COURSE_EIGEN_CACHES": "pinned"})
    assert not cache_sizes.wanted({"COURSE_EIGEN_CACHES": " Native "})
    assert float_path.eigen_caches({"COURSE_EIGEN_CACHES": "native"}) == "native"
    with pytest.raises(ValueError, match="'pinned' .* or 'native', got 'l2'"):
        cache_sizes.wanted({"COURSE_EIGEN_CACHES": "L2"})


def test_locate_rejects_what_is_not_a_library(tmp_path):
    with pytest.raises(ValueError, match="not found: expected a TensorFlow library"):
        cache_sizes.locate(tmp_path / "libtensorflow_cc.so.2")
    text = tmp_path / "notes.txt"
    text.write_text("not a library\n" * 10)
    with pytest.raises(ValueError, match="notes.txt is not a 64-bit little-endian ELF file"):
        cache_sizes.locate(text)
    with pytest.raises(ValueError, match="could not be read as an ELF library"):
        cache_sizes.locate(tmp_path)                  # a folder
    truncated = tmp_path / "truncated.so"             # an ELF header whose tables lie past the end
    header = bytearray(b"\x7fELF\x02\x01" + bytes(58))
    header[0x20:0x30] = (10_000).to_bytes(8, "little") + (20_000).to_bytes(8, "little")
    for at, value in ((0x36, 56), (0x38, 1), (0x3A, 64), (0x3C, 1)):   # one entry in each table
        header[at:at + 2] = value.to_bytes(2, "little")
    truncated.write_bytes(bytes(header))
    with pytest.raises(ValueError, match="truncated.so could not be read as an ELF library"):
        cache_sizes.locate(truncated)


@pytest.mark.skipif(not ON_LINUX_X86, reason="an ELF executable to read")
def test_locate_finds_nothing_in_a_library_without_eigen():
    assert cache_sizes.locate(os.path.realpath(sys.executable)) == []


@pytest.mark.skipif(not ON_LINUX_X86, reason="an ELF executable to read")
def test_pin_in_a_library_without_eigen_says_so():
    # Loaded, readable, but no copy of the static: an error setup() turns into a warning,
    # not a quiet 0 and training on the CPU's own sizes.
    python = pathlib.Path(os.path.realpath(sys.executable))
    with pytest.raises(ValueError, match="no copy of Eigen's cache-size static .* in "
                                         f"{re.escape(python.name)}: expected one per library"):
        cache_sizes.pin(libraries=[python])


@needs_tensorflow_library
def test_describe_records_the_pinned_sizes():
    assert float_path.eigen_caches({}) == "32K/512K/32M"
    assert float_path.describe({})["eigen_caches"] == "32K/512K/32M"


@needs_tensorflow_library
def test_setup_pins_the_static_eigen_reads():
    # One process: a product makes Eigen read the CPU's sizes into the static `locate` finds (so
    # it is the live one), then setup() replaces them and later products keep the pinned ones.
    code = """if True:
        import json, warnings, tensorflow as tf
        from course_utils import cache_sizes, setup
        product = lambda: (tf.ones((300, 2816)) @ tf.ones((2816, 30))).numpy()
        before = cache_sizes.current()
        product()
        native = cache_sizes.current()
        setup(seed=0)
        pinned = cache_sizes.current()
        product()
        after = cache_sizes.current()

        def cannot_pin(*args, **kwargs):
            raise ValueError("libtensorflow_cc.so.2 has no symbol table (a stripped library)")
        cache_sizes.pin = cannot_pin          # a TensorFlow build without the symbol: a warning
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            setup(seed=0)
        print(json.dumps({"before": before, "native": native, "pinned": pinned, "after": after,
                          "warnings": [str(w.message) for w in caught]}))
    """
    env = {**os.environ, "TF_ENABLE_ONEDNN_OPTS": "0", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("COURSE_EIGEN_CACHES", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert all(sizes == [0, 0, 0] for sizes in seen["before"]), seen      # not read before a product
    assert any(sizes[0] > 0 and sizes[1] > 0 for sizes in seen["native"]), seen
    assert seen["pinned"] == seen["after"] == [list(cache_sizes.PINNED)] * len(seen["before"]), seen
    assert [w for w in seen["warnings"] if w.startswith("Eigen's cache sizes were not pinned (")
            and "stripped library" in w], seen["warnings"]


def test_pin_before_tensorflow_loads_says_so():
    code = ("from course_utils import cache_sizes\n"
            "if not cache_sizes.installed_libraries(): print('no tensorflow')\n"
            "else:\n"
            "    try: cache_sizes.pin()\n"
            "    except ValueError as err: print(err)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() in ("no tensorflow", "TensorFlow is installed but not loaded in this "
                                  "process: import tensorflow before pinning or reading Eigen's cache sizes")
