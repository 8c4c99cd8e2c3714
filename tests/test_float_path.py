"""course_utils.float_path: the float path description and the replay's number tolerance."""
import json
import subprocess
import sys

import pytest

from course_utils import float_path

AVX512_FLAGS = "fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 fma avx512f avx512dq avx512bw avx512vl"


def cpuinfo(tmp_path, flags):
    path = tmp_path / "cpuinfo"
    path.write_text(f"processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: {flags}\n\n")
    return path


def test_describe_has_every_key_and_no_tensorflow_import():
    code = ("import sys; from course_utils import float_path; d = float_path.describe(); "
            "print(sorted(d) == sorted(float_path.KEYS), 'tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_describe_reads_the_environment_and_the_cpu(tmp_path):
    path = cpuinfo(tmp_path, AVX512_FLAGS)
    d = float_path.describe({}, cpuinfo_path=path)
    assert d["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert d["onednn_opts"] == "0"                       # course_utils' default
    if d["os"] == "Linux" and d["machine"] == "x86_64":
        assert d["cpu_isa"] == "AVX2"                    # capped at course_utils' default
        assert float_path.describe({"ONEDNN_MAX_CPU_ISA": "ALL"}, path)["cpu_isa"] == "AVX512_CORE"
        assert float_path.describe({"ONEDNN_MAX_CPU_ISA": "sse41"}, path)["cpu_isa"] == "SSE41"
    assert float_path.describe({"TF_ENABLE_ONEDNN_OPTS": "1"}, path)["onednn_opts"] == "1"


@pytest.mark.parametrize("cap, supported, expected", [
    ("AVX2", "AVX512_CORE", "AVX2"),        # this course's pin on an AVX-512 machine
    ("AVX2", "AVX2", "AVX2"),
    ("AVX2", "AVX", "AVX"),                 # an old CPU without AVX2
    ("SSE41", "AVX2", "SSE41"),             # make robustness's simulated path
    ("ALL", "AVX512_CORE_VNNI", "AVX512_CORE_VNNI"),
    ("avx512_core_amx", "AVX10_1_512_AMX", "AVX10_1_512_AMX"),   # old alias, any case
    ("AVX2", None, "at most AVX2"),         # CPU not known (not Linux)
])
def test_effective_isa_is_the_lower_of_cap_and_cpu(cap, supported, expected):
    assert float_path.effective_isa(cap, supported) == expected


def test_effective_isa_does_not_apply_off_x86():
    assert float_path.effective_isa("AVX2", None, machine="arm64") == "n/a"


def test_effective_isa_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"ONEDNN_MAX_CPU_ISA='AVX3' is not an instruction set"):
        float_path.effective_isa("AVX3", "AVX2")


def test_supported_isa_from_cpu_flags():
    assert float_path.supported_isa(AVX512_FLAGS.split()) == "AVX512_CORE"
    assert float_path.supported_isa(["sse4_1", "avx", "avx2", "fma"]) == "AVX2"
    assert float_path.supported_isa(["sse4_1"]) == "SSE41"
    assert float_path.supported_isa(["sse2"]) is None
    with pytest.raises(ValueError, match="collection of flag names"):
        float_path.supported_isa("avx2 avx")


def test_differences_lists_the_keys_that_changed():
    here = float_path.describe()
    assert float_path.differences(here, dict(here)) == []
    other = {**here, "cpu_isa": "SSE41", "tensorflow": "2.99.0"}
    assert float_path.differences(here, other) == ["cpu_isa", "tensorflow"]
    assert float_path.differences({**here, "extra": 1}, here) == ["extra"]
    with pytest.raises(ValueError, match="reference should be a dict"):
        float_path.differences("notebooks/reference_path.json", here)


def test_write_then_load_round_trip(tmp_path):
    path = tmp_path / "reference_path.json"
    written = float_path.write(path)
    assert float_path.load(path) == written == float_path.describe()
    assert path.read_text().startswith("{\n  \"os\"")   # pretty JSON, stable key order


def test_load_names_the_file_and_the_fix(tmp_path):
    missing = tmp_path / "reference_path.json"
    with pytest.raises(ValueError, match=r"reference_path.json not found.*make execute"):
        float_path.load(missing)
    missing.write_text("{ not json")
    with pytest.raises(ValueError, match=r"reference_path.json is not valid JSON.*make execute"):
        float_path.load(missing)
    missing.write_text(json.dumps(["Linux"]))
    with pytest.raises(ValueError, match=r"should hold a JSON object, got list"):
        float_path.load(missing)
    missing.write_text(json.dumps({"os": "Linux"}))
    with pytest.raises(ValueError, match=r"lacks the keys \['machine'.*make execute"):
        float_path.load(missing)
    missing.write_bytes(b"\xff\xfe not text")
    with pytest.raises(ValueError, match=r"reference_path.json could not be read as UTF-8 text.*make execute"):
        float_path.load(missing)
    with pytest.raises(ValueError, match=r"could not be read as UTF-8 text.*make execute"):
        float_path.load(tmp_path)                                      # a folder, not a file


def test_write_rejects_an_incomplete_description(tmp_path):
    with pytest.raises(ValueError, match="missing the keys"):
        float_path.write(tmp_path / "x.json", {"os": "Linux"})


def test_command_line_write_and_compare(tmp_path):
    path = tmp_path / "reference_path.json"
    run = [sys.executable, "-m", "course_utils.float_path"]
    subprocess.run(run + ["--write", str(path)], check=True, capture_output=True)
    assert float_path.load(path)["python"] == float_path.describe()["python"]
    same = subprocess.run(run + ["--compare", str(path)], capture_output=True, text=True)
    assert same.returncode == 0 and "same float path" in same.stdout
    broken = subprocess.run(run + ["--compare", str(tmp_path / "absent.json")],
                            capture_output=True, text=True)
    assert broken.returncode == 1 and "make execute" in broken.stderr


@pytest.mark.parametrize("text, numbers", [
    ("accuracy 0.953, loss 0.12.", [0.953, 0.12]),
    ("RMSE $4.12 (95%) over 30 days", [4.12, 95.0, 30.0]),
    ("delta -0.5 and 1e-3", [-0.5, 0.001]),
    ("seq2seq h1 float32 3rd x-1", [1.0]),            # digits inside words are text
    ("no numbers", []),
])
def test_numbers_in_printed_text(text, numbers):
    assert float_path.numbers_in(text) == numbers


def test_mask_numbers_keeps_the_text_around_them():
    assert float_path.mask_numbers("epoch 3/10: loss 0.25") == "epoch <number>/<number>: loss <number>"
    with pytest.raises(ValueError, match="text should be a str, got list"):
        float_path.mask_numbers(["0.5"])


@pytest.mark.parametrize("tags, strict, expected", [
    ([], False, "exact"),
    (["depends-on-training"], False, "within tolerance"),
    (["generated-text"], False, "not compared"),
    (["exercise-check", "seed-sensitive"], False, "not compared"),
    (["depends-on-training", "seed-sensitive"], False, "not compared"),   # the looser tag wins
    (["seed-sensitive"], True, "exact"),          # on the reference path every compared cell is exact
    (["depends-on-training"], True, "exact"),
])
def test_comparison_follows_the_tags_off_the_reference_path(tags, strict, expected):
    assert float_path.comparison(tags, strict) == expected


def test_comparison_rejects_tags_that_are_not_a_list_of_names():
    with pytest.raises(ValueError, match="tags should be a list of str, got 'seed-sensitive'"):
        float_path.comparison("seed-sensitive", strict=False)


def test_a_table_realigned_by_wider_numbers_is_the_same_text():
    # pandas pads columns to the widest number: 0.5 -> 0.51 shifts the header and the rows
    saved = "       acc  loss\nLSTM   0.5  0.25\nGRU    0.4  0.30\n"
    now = "        acc  loss\nLSTM   0.51  0.25\nGRU    0.40  0.30\n"
    assert float_path.numbers_differ(saved, now) == []
    assert float_path.mask_numbers(saved) == float_path.mask_numbers(now)
    # line breaks and the words still count
    [problem] = float_path.numbers_differ("acc 0.5\nloss 0.2", "acc 0.5 loss 0.2")
    assert "text around the numbers differs" in problem


@pytest.mark.parametrize("saved, now, ok", [
    (0.95, 0.91, True),      # accuracy: within 0.05
    (0.95, 0.85, False),     # beyond both 0.05 and 10 %
    (0.02, 0.06, True),      # small loss: the absolute 0.05 is the looser bound
    (2.31, 2.52, True),      # loss with a scale: 10 %
    (2.31, 2.60, False),
    (40, 44, True),          # an error count: 10 %
    (3, 4, False),           # a small count must stay close
    (0.0, -0.0, True),
])
def test_within_tolerance_takes_the_looser_bound(saved, now, ok):
    assert float_path.within_tolerance(saved, now) is ok


def test_numbers_differ_reports_each_problem():
    assert float_path.numbers_differ("acc 0.91, loss 0.30", "acc 0.93, loss 0.31") == []
    [problem] = float_path.numbers_differ("acc 0.91, loss 0.30", "acc 0.71, loss 0.31")
    assert problem.startswith("number 1: saved 0.91, now 0.71")
    [problem] = float_path.numbers_differ("acc 0.91", "accuracy 0.91")
    assert "text around the numbers differs" in problem
    [problem] = float_path.numbers_differ("acc 0.91", "acc 0.91 0.2")
    assert "text around the numbers differs" in problem   # another count of numbers
