"""Build the course's slide decks so that they present offline (``make slides``).

For every notebook, two reveal.js decks:

- ``build/slides/instructor/NN_topic.slides.html``: everything, solutions included;
- ``build/slides/student/NN_topic.slides.html``: without the cells tagged ``solution``.

The decks load reveal.js (from the ``sphinx-revealjs`` package), MathJax (from
``jupyter-server-mathjax``) and the course's CSS from ``build/slides/assets/``, copied there
by this script, so nothing is fetched from a CDN when presenting. Press ``s`` in a deck for
the speaker view with the notes, ``f`` for full screen.
"""
import argparse
import pathlib
import shutil
import sys

import jupyter_server_mathjax
import nbformat
import sphinx_revealjs
from nbconvert.exporters import SlidesExporter
from traitlets.config import Config

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
EDITIONS = {"instructor": set(), "student": {"solution"}}
# reveal's canvas: slides are laid out at this size and scaled to the screen.
WIDTH, HEIGHT = 1280, 720


def copy_assets(out_dir):
    """Copy reveal.js, its notes plugin, MathJax and the course CSS into ``out_dir/assets``."""
    assets = out_dir / "assets"
    reveal = pathlib.Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    mathjax = pathlib.Path(jupyter_server_mathjax.__file__).parent / "static"
    for source, target in ((reveal / "dist", "reveal/dist"), (reveal / "plugin" / "notes", "reveal/plugin/notes"),
                           (mathjax, "mathjax")):
        if not source.is_dir():
            raise FileNotFoundError(f"{source} is missing: reinstall the course with `make slides`")
        shutil.copytree(source, assets / target, dirs_exist_ok=True)
    shutil.copy2(HERE / "course-slides.css", assets / "course-slides.css")
    return assets


def exporter():
    # A cell that prints line by line while it trains saves one stream output per print;
    # coalescing draws them as one block, as JupyterLab does, instead of one spaced box each.
    config = Config({"CoalesceStreamsPreprocessor": {"enabled": True}})
    return SlidesExporter(config=config, template_name="course_reveal",
                          extra_template_basedirs=[str(HERE / "templates")],
                          reveal_url_prefix="../assets/reveal", reveal_theme="white",
                          reveal_width=str(WIDTH), reveal_height=str(HEIGHT))


STARTS = ("slide", "subslide")   # slide types that open a new slide


def without_tagged(nb, remove_tags):
    """``nb`` without the cells carrying any of ``remove_tags``.

    A removed cell that opened a slide hands that role to the next kept cell, unless that cell
    opens one itself (or is skipped or a note): otherwise the cells after it would be drawn on
    top of the previous slide.
    """
    kind = lambda cell: cell.metadata.get("slideshow", {}).get("slide_type", "-")
    kept, pending = [], None
    for cell in nb.cells:
        if remove_tags & set(cell.metadata.get("tags", [])):
            if kind(cell) in STARTS and pending != "slide":
                pending = kind(cell)
            continue
        if pending and kind(cell) in ("-", "fragment"):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = pending
        if kind(cell) not in ("skip", "notes"):
            pending = None
        kept.append(cell)
    nb.cells = kept
    return nb


def without_test_markers(nb):
    """``nb`` with each code cell's leading ``# NBVAL_...`` comments (and the blank lines after
    them) removed: they tell nbval what not to compare, and mean nothing to an audience."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.split("\n")
        start = 0
        while start < len(lines) and lines[start].startswith("# NBVAL_"):
            start += 1
        if start:
            while start < len(lines) and not lines[start].strip():
                start += 1
            cell.source = "\n".join(lines[start:])
    return nb


def build(notebooks, out_dir):
    """Write both editions of every notebook's deck; return the list of files written."""
    copy_assets(out_dir)
    written = []
    for edition, remove_tags in EDITIONS.items():
        target = out_dir / edition
        target.mkdir(parents=True, exist_ok=True)
        slides = exporter()
        for path in notebooks:
            nb = without_test_markers(without_tagged(nbformat.read(path, as_version=4), remove_tags))
            body, _ = slides.from_notebook_node(nb, resources={"course_assets": "../assets"})
            deck = target / f"{path.stem}.slides.html"
            deck.write_text(body, encoding="utf-8")
            written.append(deck)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        default=sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "slides")
    args = parser.parse_args(argv)
    if not args.notebooks:
        sys.exit("no notebooks given or found in notebooks/")
    written = build(args.notebooks, args.out)
    print(f"wrote {len(written)} decks under {args.out}/ (instructor/ and student/); open one in a browser")


if __name__ == "__main__":
    main()
