"""Open every deck in headless Chromium, offline, and check that it presents (``make slides-check``).

For each deck under ``build/slides/`` (run ``make slides`` first) it reports:

- the number of slides (every horizontal and vertical slide reveal.js shows);
- the slides taller than the 1280x720 screen, and the tallest as a multiple of it;
- slides whose code or output runs past the right edge;
- JavaScript errors, and requests that tried to leave the machine (all are blocked);
- whether MathJax rendered the deck's math, and whether the speaker view opens.

It fails when any deck has a JavaScript error, an outside request, unrendered math or a
speaker view that does not open; when more than 5 % of the course's slides are taller than
the screen; or when any slide is taller than 1.5 screens. Chromium comes from Debian's
``chromium`` package (driven by Playwright, which uses the installed browser and downloads
nothing); without it the check stops and says how to install it.
"""
import argparse
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1280, 720
MAX_SHARE_TOO_TALL = 0.05
MAX_HEIGHT_RATIO = 1.5
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("no Chromium found (looked for " + ", ".join(BROWSERS) + "). Install Debian's "
                "package with `sudo apt-get install chromium`, or set CHROMIUM=/path/to/chrome.")

MEASURE_JS = """() => {
  const out = [];
  const horizontal = Reveal.getHorizontalSlides();
  horizontal.forEach((top, h) => {
    const stack = top.querySelectorAll(':scope > section');
    const count = stack.length || 1;
    for (let v = 0; v < count; v++) {
      Reveal.slide(h, v, -1);
      const slide = Reveal.getCurrentSlide();
      const pres = Array.from(slide.querySelectorAll('pre'));
      const wide = pres.some(p => p.scrollWidth > p.clientWidth + 2) || slide.scrollWidth > %(width)d + 2;
      out.push({h: h, v: v, height: slide.scrollHeight, wide: wide,
                title: (slide.querySelector('h1,h2,h3') || {}).textContent || ''});
    }
  });
  return out;
}""" % {"width": WIDTH}

MATH_JS = """() => {
  const rendered = document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_SVG').length;
  const scripts = document.querySelectorAll('script[type^="math/tex"]').length;
  const walker = document.createTreeWalker(document.querySelector('.slides'), NodeFilter.SHOW_TEXT);
  let raw = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('pre, code, script, style')) continue;
    if (/\\$\\$|\\\\begin\\{|\\\\frac|\\\\mathbf/.test(node.textContent)) raw++;
  }
  return {rendered: rendered, scripts: scripts, raw: raw};
}"""


MATH_TIMEOUT_MS = 180_000


def _font_probe(url):
    """MathJax 2 tests for fonts by loading them: a failed probe is how it learns a font is
    absent (it then uses the STIX web fonts it ships with), not a fault of the deck."""
    return url == "about:blank" or "/assets/mathjax/fonts/" in url


def _expected_noise(text):
    # Resource failures are judged by URL in the requestfailed handler instead.
    return text.startswith("Failed to load resource") or text.startswith("Access to font at 'about:blank'")


def find_browser():
    import os

    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if pathlib.Path(explicit).exists() else None
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _wait_for_math(page, timeout_error):
    """Wait until every formula is typeset and no raw TeX is left, at most MATH_TIMEOUT_MS.

    MathJax typesets in chunks and can look idle between them (for long, on a busy machine);
    whatever is still missing afterwards is reported by MATH_JS.
    """
    try:
        page.wait_for_function(f"() => {{ const m = ({MATH_JS})(); return m.raw === 0 && m.rendered >= m.scripts; }}",
                               timeout=MATH_TIMEOUT_MS)
    except timeout_error:
        pass


def check_deck(browser, deck):
    """Open one deck offline and measure it; return a dict of findings."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    errors, outside = [], []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not _expected_noise(msg.text) else None)
    page.on("requestfailed", lambda req: None if _font_probe(req.url) or req.url in outside
            else errors.append(f"missing file {req.url}"))

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            return r.continue_()
        outside.append(url)
        return r.abort()

    page.route("**/*", route)
    page.goto(deck.resolve().as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20000)
    # Every deck loads MathJax (the course template does). Wait until it has loaded, started
    # and emptied its queue: before it loads, a deck has no math elements at all and would
    # look finished.
    page.wait_for_function("() => window.MathJax && MathJax.isReady && MathJax.Hub.queue.pending === 0"
                           " && MathJax.Hub.queue.running === 0", timeout=60000)
    _wait_for_math(page, PlaywrightTimeout)
    slides = page.evaluate(MEASURE_JS)
    # Showing every slide to measure it makes MathJax typeset again the math it had to lay
    # out hidden; judge the math once that has settled too.
    _wait_for_math(page, PlaywrightTimeout)
    math = page.evaluate(MATH_JS)
    notes_open = False
    try:
        with page.expect_popup(timeout=5000) as popup:
            page.keyboard.press("s")
        popup.value.wait_for_load_state()
        notes_open = True
        popup.value.close()
    except Exception as err:  # Playwright's TimeoutError: no speaker window
        errors.append(f"speaker view did not open: {err.__class__.__name__}")
    page.close()
    tall = [s for s in slides if s["height"] > HEIGHT + 2]
    return {
        "deck": deck, "slides": len(slides), "tall": tall, "wide": [s for s in slides if s["wide"]],
        "worst": max((s["height"] / HEIGHT for s in slides), default=0.0),
        "errors": errors, "outside": outside, "notes": notes_open,
        "math_ok": math["raw"] == 0 and math["rendered"] >= math["scripts"], "math": math,
    }


def report(results):
    """Print one line per deck and the course's totals; return True if within the limits."""
    print(f"{'deck':58} {'slides':>6} {'tall':>5} {'worst':>6} {'wide':>5} {'js':>3} {'net':>4} math notes")
    for r in results:
        name = f"{r['deck'].parent.name}/{r['deck'].name}"
        print(f"{name:58} {r['slides']:6d} {len(r['tall']):5d} {r['worst']:6.2f} {len(r['wide']):5d} "
              f"{len(r['errors']):3d} {len(r['outside']):4d} {'ok' if r['math_ok'] else 'RAW':4} "
              f"{'ok' if r['notes'] else 'NO'}")
        if not r["math_ok"]:
            m = r["math"]
            print(f"    math: {m['rendered']} rendered of {m['scripts']} formulas, {m['raw']} text node(s) with raw TeX")
        for s in r["tall"]:
            print(f"    taller than the screen: slide {s['h']}.{s['v']} ({s['height'] / HEIGHT:.2f}x) {s['title'][:60]!r}")
        for s in r["wide"]:
            print(f"    wider than the screen: slide {s['h']}.{s['v']} {s['title'][:60]!r}")
        for e in r["errors"][:5]:
            print(f"    JavaScript error: {e[:160]}")
        for u in r["outside"][:5]:
            print(f"    blocked request: {u[:160]}")
    total = sum(r["slides"] for r in results)
    tall = sum(len(r["tall"]) for r in results)
    worst = max((r["worst"] for r in results), default=0.0)
    share = tall / total if total else 0.0
    print(f"\n{len(results)} decks, {total} slides; {tall} taller than {WIDTH}x{HEIGHT} ({share:.1%}, "
          f"limit {MAX_SHARE_TOO_TALL:.0%}); tallest {worst:.2f} screens (limit {MAX_HEIGHT_RATIO})")
    problems = []
    if share > MAX_SHARE_TOO_TALL:
        problems.append(f"{share:.1%} of slides are taller than the screen")
    if worst > MAX_HEIGHT_RATIO:
        problems.append(f"a slide is {worst:.2f} screens tall")
    for key, what in (("errors", "JavaScript errors"), ("outside", "requests to the network"),
                      ("wide", "slides wider than the screen")):
        bad = [r["deck"].name for r in results if r[key]]
        if bad:
            problems.append(f"{what} in {', '.join(sorted(set(bad)))}")
    for key, what in (("math_ok", "unrendered math"), ("notes", "no speaker view")):
        bad = [r["deck"].name for r in results if not r[key]]
        if bad:
            problems.append(f"{what} in {', '.join(sorted(set(bad)))}")
    for p in problems:
        print(f"FAIL: {p}")
    if not problems:
        print("slides-check passed")
    return not problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="*", type=pathlib.Path)
    args = parser.parse_args(argv)
    decks = args.decks or sorted((ROOT / "build" / "slides").glob("*/[0-9][0-9]_*.slides.html"))
    if not decks:
        sys.exit("no decks found under build/slides/: run `make slides` first")
    executable = find_browser()
    if executable is None:
        sys.exit(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-file-access-from-files"])
        results = [check_deck(browser, deck) for deck in decks]
        browser.close()
    sys.exit(0 if report(results) else 1)


if __name__ == "__main__":
    main()
