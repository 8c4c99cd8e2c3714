"""slides/build.py: the student deck drops the solutions without breaking the slide structure."""
import importlib.util
import pathlib

from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("slides_build", ROOT / "slides" / "build.py")
slides_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(slides_build)


def cell(slide_type, *tags):
    return new_code_cell("x = 1", metadata={"slideshow": {"slide_type": slide_type}, "tags": list(tags)})


def kinds(nb):
    return [c.metadata["slideshow"]["slide_type"] for c in nb.cells]


def test_a_removed_slide_start_passes_to_the_next_kept_cell():
    nb = new_notebook(cells=[cell("slide"), cell("subslide", "solution"), cell("-"), cell("fragment"),
                             cell("subslide"), cell("slide", "solution"), cell("notes"), cell("-")])
    assert kinds(slides_build.without_tagged(nb, {"solution"})) == [
        "slide", "subslide", "fragment", "subslide", "notes", "slide"]


def test_nothing_changes_when_no_tag_is_removed():
    nb = new_notebook(cells=[cell("slide"), cell("subslide", "solution"), cell("-")])
    assert kinds(slides_build.without_tagged(nb, set())) == ["slide", "subslide", "-"]


def test_test_markers_leave_the_slides_but_not_the_code():
    marked = new_code_cell("# NBVAL_IGNORE_OUTPUT\n\nmodel.fit(x, y)\n# NBVAL_ stays here")
    plain = new_code_cell("# a comment\nx = 1")
    nb = slides_build.without_test_markers(new_notebook(cells=[marked, plain]))
    assert [c.source for c in nb.cells] == ["model.fit(x, y)\n# NBVAL_ stays here", "# a comment\nx = 1"]


def test_a_cell_that_prints_line_by_line_is_drawn_as_one_block():
    printed = new_code_cell("for i in range(3): print(i)", outputs=[
        new_output("stream", name="stdout", text=f"{i}\n") for i in range(3)])
    body, _ = slides_build.exporter().from_notebook_node(
        new_notebook(cells=[printed]), resources={"course_assets": "../assets"})
    assert body.count("0\n1\n2\n") == 1
