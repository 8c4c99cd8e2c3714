"""The CPU cache sizes TensorFlow's matrix products are cut to, pinned so sums repeat across CPUs.

TensorFlow multiplies matrices with Eigen, which cuts a large product into blocks sized for
the CPU's L1, L2 and L3 caches (read once, with CPUID) and hands each block to oneDNN's
sgemm. Other blocks are other sums in another order: on an AMD EPYC with a 1 MiB L2 per core,
notebook 08's plain model trained 27 epochs to the target where the saved run, made on a
512 KiB L2, trained 26, although the instruction set and every seed were the same.

``pin()`` sets the sizes Eigen works with to ``PINNED`` (an AMD EPYC Zen 2 or 3 core's; on the
1 MiB machine, setting only the L2 to 512 KiB reproduced the saved outputs), so a machine
with other caches blocks its products as the saved outputs' machine did. Eigen keeps the
sizes in a function-local static that TensorFlow does not export; ``locate`` finds it in
the library's ELF symbol table and ``pin`` writes it in this process. It is a course tool for
repeatable outputs, not something a model needs (the notebooks replayed as fast pinned as with
the 1 MiB L2's own sizes). ``COURSE_EIGEN_CACHES=native`` leaves the CPU's sizes;
``float_path`` then reports another path, and ``make test`` compares within a tolerance.

Used by ``course_utils.setup``; reported by ``float_path.describe``; tested in
tests/test_cache_sizes.py.
"""
import ctypes
import importlib.util
import mmap
import os
import pathlib
import struct

import numpy as np

# Eigen::internal::manage_caching_sizes's `static CacheSizes m_cacheSizes` (three int64: l1, l2,
# l3 in bytes) and the guard the C++ runtime sets once the static is constructed.
OBJECT_SYMBOL = b"_ZZN5Eigen8internal20manage_caching_sizesENS_6ActionEPlS2_S2_E12m_cacheSizes"
GUARD_SYMBOL = b"_ZGV" + OBJECT_SYMBOL[2:]
# The TensorFlow libraries whose kernels carry a copy of that static.
LIBRARIES = ("libtensorflow_cc.so.2", "libtensorflow_framework.so.2")
KIB = 1024
PINNED = (32 * KIB, 512 * KIB, 32 * KIB * KIB)   # L1 data, L2 per core, L3
VARIABLE = "COURSE_EIGEN_CACHES"                  # "native": leave the CPU's sizes

_SYMBOL_DTYPE = np.dtype([("name", "<u4"), ("info", "u1"), ("other", "u1"), ("shndx", "<u2"),
                          ("value", "<u8"), ("size", "<u8")])
_SHT_SYMTAB, _SHT_DYNSYM, _PT_LOAD = 2, 11, 1


def label(sizes=PINNED):
    """``(32768, 524288, 33554432)`` -> ``"32K/512K/32M"``, the form ``float_path`` records."""
    _check_sizes(sizes)
    return "/".join(f"{s // (KIB * KIB)}M" if s % (KIB * KIB) == 0 else f"{s // KIB}K" for s in sizes)


def wanted(environ=None):
    """Whether to pin: True when ``COURSE_EIGEN_CACHES`` is unset, empty or ``pinned``, False
    when it is ``native`` (any case); any other value is an error."""
    env = os.environ if environ is None else environ
    value = env.get(VARIABLE, "").strip().lower()
    if value not in ("", "pinned", "native"):
        raise ValueError(f"{VARIABLE} should be 'pinned' (the default) or 'native', got {value!r}")
    return value != "native"


def locate(library):
    """Return the copies of Eigen's cache-size static in the ELF file ``library``.

    Returns a list of ``(object_offset, guard_offset)`` pairs, offsets from the library's load
    address; empty when the file has the symbol table but not the static. A missing file, a
    file that is not a 64-bit little-endian ELF, or one without a symbol table raises
    ValueError naming the file.
    """
    path = pathlib.Path(library)
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _locate_in(mm, path)
    except FileNotFoundError:
        raise ValueError(f"{path} not found: expected a TensorFlow library") from None
    except (OSError, ValueError, struct.error) as err:    # struct.error: a truncated file
        if isinstance(err, ValueError) and str(path) in str(err):
            raise
        raise ValueError(f"{path} could not be read as an ELF library: {err}") from None


def pin(sizes=PINNED, libraries=None):
    """Make Eigen in this process block its products for ``sizes`` (L1, L2, L3 in bytes).

    Call after ``import tensorflow`` (before it, ValueError) and before training. ``libraries``
    defaults to the installed TensorFlow's ``LIBRARIES``. Returns the number of copies set: 0
    where TensorFlow has no such ELF library (macOS, Windows). Libraries that are loaded but
    hold no copy of the static (a TensorFlow built another way) raise ValueError, so that
    ``setup`` warns instead of training quietly on the CPU's own sizes.
    """
    _check_sizes(sizes)
    pinned = 0
    loaded = _loaded(libraries)
    for library in loaded:
        base = _load_address(library)
        for object_offset, guard_offset in locate(library):
            values = (ctypes.c_int64 * 3).from_address(base + object_offset)
            values[0], values[1], values[2] = sizes
            # Mark the static as constructed, so Eigen's first use keeps these sizes
            # instead of reading the CPU's (the guard's first byte, Itanium C++ ABI).
            ctypes.c_uint8.from_address(base + guard_offset).value = 1
            pinned += 1
    if loaded and not pinned:
        names = ", ".join(p.name for p in loaded)
        raise ValueError(f"no copy of Eigen's cache-size static ({OBJECT_SYMBOL.decode()}) "
                         f"in {names}: expected one per library")
    return pinned


def current(libraries=None):
    """The sizes Eigen uses now, one ``(l1, l2, l3)`` per copy (``(0, 0, 0)``: not read yet)."""
    found = []
    for library in _loaded(libraries):
        base = _load_address(library)
        for object_offset, _ in locate(library):
            found.append(tuple((ctypes.c_int64 * 3).from_address(base + object_offset)))
    return found


def installed_libraries():
    """Paths of ``LIBRARIES`` in the installed TensorFlow, without importing it (may be [])."""
    spec = importlib.util.find_spec("tensorflow")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = pathlib.Path(list(spec.submodule_search_locations)[0])
    return [folder / name for name in LIBRARIES if (folder / name).is_file()]


def _check_sizes(sizes):
    if (not isinstance(sizes, (tuple, list)) or len(sizes) != 3
            or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes)):
        raise ValueError(f"sizes should be three positive ints (L1, L2, L3 in bytes), got {sizes!r}")


def _locate_in(mm, path):
    if len(mm) < 64 or mm[:4] != b"\x7fELF" or mm[4] != 2 or mm[5] != 1:
        raise ValueError(f"{path} is not a 64-bit little-endian ELF file")
    phoff, shoff = struct.unpack_from("<QQ", mm, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", mm, 0x36)
    loads = [struct.unpack_from("<IIQQ", mm, phoff + i * phentsize) for i in range(phnum)]
    first_load = min(vaddr - offset for kind, _, offset, vaddr in loads if kind == _PT_LOAD)
    sections = [struct.unpack_from("<IIQQQQIIQQ", mm, shoff + i * shentsize) for i in range(shnum)]
    tables = [s for s in sections if s[1] == _SHT_SYMTAB] or [s for s in sections if s[1] == _SHT_DYNSYM]
    if not tables:
        raise ValueError(f"{path} has no symbol table (a stripped library)")
    pairs = []
    for table in tables:
        strings = sections[table[6]]
        symbols = np.frombuffer(mm, dtype=_SYMBOL_DTYPE, count=table[5] // _SYMBOL_DTYPE.itemsize,
                                offset=table[4])
        values = [_values_of(mm, symbols, strings, name) for name in (OBJECT_SYMBOL, GUARD_SYMBOL)]
        del symbols          # the mmap closes only when no array views it
        pairs += [(o - first_load, g - first_load) for o, g in zip(*values)]
    return pairs


def _values_of(mm, symbols, strings, name):
    """The addresses (st_value) of the symbols called ``name``, in table order."""
    start, end = strings[4], strings[4] + strings[5]
    named = np.zeros(len(symbols), dtype=bool)
    at = mm.find(b"\0" + name + b"\0", start, end)
    while at >= 0:                   # a linker may store the same name more than once
        named |= symbols["name"] == at + 1 - start
        at = mm.find(b"\0" + name + b"\0", at + 1, end)
    return [int(v) for v in symbols["value"][named]]


def _loaded(libraries):
    if libraries is not None:
        return [pathlib.Path(p) for p in libraries]
    installed, mapped = installed_libraries(), _mapped_files()
    loaded = [p for p in installed if os.path.realpath(p) in mapped]
    if installed and not loaded:
        raise ValueError("TensorFlow is installed but not loaded in this process: "
                         "import tensorflow before pinning or reading Eigen's cache sizes")
    return loaded


def _mapped_files():
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            return {line.split(None, 5)[5].strip() for line in maps if len(line.split(None, 5)) == 6}
    except OSError:
        return set()


def _load_address(library):
    real = os.path.realpath(library)
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            parts = line.split(None, 5)
            if len(parts) == 6 and parts[5].strip() == real and int(parts[2], 16) == 0:
                return int(parts[0].split("-")[0], 16)
    raise ValueError(f"{library} is not loaded in this process: import tensorflow first")
