"""Build the documentation site: verdicts, generated claim pages, API reference.

Usage (from the repository root, with the ``docs`` extra installed)::

    pip install ".[docs]"
    python docs/build_site.py                      # verify (profile dev), render, mkdocs build --strict
    python docs/build_site.py --report spline-theory-report/report.json   # reuse a verification run

Steps:

1. verify every claim (or load ``--report``), so the pages carry verdicts;
2. regenerate ``docs/claims/`` from the registry (one page per claim, the
   verdict tables ``index.md`` and the errata ``errata.md``); the folder is
   emptied first, so no stale page survives, and it is never edited by hand;
3. copy ``README.md`` to ``docs/readme.md`` (its ``docs/`` links made relative),
   write ``docs/torch-ops.md`` from the importer's table of supported operations
   and draw the figures into ``docs/figures/`` (``docs/figures.py``, from the
   library's plotting functions);
4. ``mkdocs build --strict`` into ``site/`` (a broken link or reference fails
   the build);
5. check that every claim has its page in the built site, and every figure is
   in the site as a PNG.

6. with ``--browser-check``: open a derivation page, the errata page and the
   home page in headless Chromium (Debian's ``chromium``), check that every
   formula was typeset by MathJax (as many typeset nodes as formulas, no
   MathJax error node, no raw ``$$`` left), that every image of a page
   decoded in the browser (the home page shows the figures), and save
   screenshots in ``site/_checks/``.

MathJax is served from the site itself (``docs/javascripts/mathjax/``, fetched
once with ``npm pack mathjax@3.2.2`` and not committed), so the pages typeset
without network access.

Exit status: 0 on success, 1 when the build or a check fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


MATHJAX = ROOT / "docs" / "javascripts" / "mathjax" / "tex-svg-full.js"
MATHJAX_VERSION = "3.2.2"


def fetch_mathjax() -> None:
    """Put MathJax's single-file SVG build under ``docs/javascripts/mathjax/`` (npm registry)."""
    import tarfile
    import tempfile

    if MATHJAX.is_file():
        return
    if shutil.which("npm") is None:
        raise SystemExit(f"build_site: MathJax is not in {MATHJAX.parent} and npm is not installed to fetch mathjax@{MATHJAX_VERSION}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"mathjax@{MATHJAX_VERSION}", "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        (tgz,) = Path(tmp).glob("mathjax-*.tgz")
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/es5/tex-svg-full.js")
            MATHJAX.parent.mkdir(parents=True, exist_ok=True)
            tmp_out = MATHJAX.with_suffix(".part")
            tmp_out.write_bytes(member.read())
            tmp_out.replace(MATHJAX)


_ERROR_NODE = re.compile(r'<[^>]*(data-mml-node="merror"|data-mjx-error=)')


_IMAGE_PROBE = """<script>window.addEventListener("load", () => {
  const bad = [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src"));
  document.body.setAttribute("data-image-check", bad.length ? "broken:" + bad.join(",") : "ok:" + document.images.length);
});</script>"""


def _images_load(chromium: str, flags: list[str], html: Path) -> list[str]:
    """Load a copy of ``html`` (same folder, so relative links hold) that records whether every image decoded."""
    probe = html.with_name(html.stem + ".image-check.html")
    probe.write_text(html.read_text().replace("</body>", _IMAGE_PROBE + "</body>"))
    try:
        dom = subprocess.run([chromium, *flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    finally:
        probe.unlink()
    m = re.search(r'data-image-check="([^"]*)"', dom)
    if m is None:
        return ["the image check did not run"]
    if not m.group(1).startswith("ok:"):
        return [f"images that did not load: {m.group(1)[7:]}"]
    return []


def browser_check(site: Path, pages: list[str]) -> list[str]:
    """Open ``pages`` (paths under ``site``) in headless Chromium; return the problems found."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return ["chromium is not installed (Debian package `chromium`)"]
    checks = site / "_checks"
    checks.mkdir(exist_ok=True)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=20000"]
    problems = []
    for page in pages:
        html = site / page
        dom = subprocess.run([chromium, *flags, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120).stdout
        formulas = len(re.findall(r'class="arithmatex"', html.read_text()))
        typeset = dom.count("<mjx-container")
        name = page.replace("/", "_").removesuffix("_index.html").removesuffix(".html")
        if formulas == 0:
            problems.append(f"{page}: no formula to check")
        if typeset != formulas:
            problems.append(f"{page}: {typeset} of {formulas} formulas typeset by MathJax")
        if _ERROR_NODE.search(dom):
            problems.append(f"{page}: MathJax error node")
        body = dom.split("<body", 1)[-1]
        if "$$" in re.sub(r"<(script|style|code)\b.*?</\1>", "", body, flags=re.S):  # `$$` in code is literal
            problems.append(f"{page}: raw $$ left in the page")
        if "<img" in html.read_text():
            bad = _images_load(chromium, flags, html)
            problems += [f"{page}: {b}" for b in bad]
            if not bad:
                print(f"build_site: {page}: every image loaded")
        shot = checks / f"{name}.png"
        subprocess.run([chromium, *flags, "--window-size=1200,2000", f"--screenshot={shot}", html.as_uri()], capture_output=True, timeout=120)
        if not shot.is_file() or shot.stat().st_size == 0:
            problems.append(f"{page}: no screenshot")
        else:
            print(f"build_site: {page}: {typeset}/{formulas} formulas typeset; screenshot {shot}")
    return problems


def write_torch_ops(path: Path) -> None:
    """The supported-op page, generated from the table the importer's mapping code is registered under."""
    from spline_theory.networks.torch_import import supported_ops_markdown

    path.write_text(
        "# Supported PyTorch operations\n\n"
        "What `spline_theory.torch_interop.from_torch` maps, generated from "
        "`spline_theory.networks.torch_import.SUPPORTED_OPS`; the test suite imports a model for every "
        "call listed here, so the table and the mapping code cannot drift apart. Any other operation raises a `TypeError` naming it, its node in the "
        "traced graph and its module; see [MASOs and networks](networks.md#pytorch-models).\n\n" + supported_ops_markdown()
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--report", help="report.json of an earlier `spline-theory verify` run (default: verify now)")
    p.add_argument("--profile", default="dev", choices=("dev", "ci", "thorough"), help="profile of the verification run (default dev)")
    p.add_argument("--site-dir", default=str(ROOT / "site"), help="where the site is written (default site/)")
    p.add_argument("--browser-check", action="store_true", help="check the typeset math of a derivation page and the errata in headless Chromium")
    a = p.parse_args(argv)
    fetch_mathjax()

    from spline_theory import claims, verify
    from spline_theory.render import render
    from spline_theory.report import load_report

    if a.report:
        report = load_report(a.report)
    else:
        rep = verify(profile=a.profile)
        out = Path(a.site_dir).with_name(Path(a.site_dir).name + "-report")
        rep.write(out)
        report = load_report(out / "report.json")
    missing = [i for i in claims.ids() if i not in report]
    if missing:
        print(f"build_site: the report lacks {len(missing)} claim(s), e.g. {missing[:3]}; their pages say 'not verified'", file=sys.stderr)

    pages = ROOT / "docs" / "claims"
    shutil.rmtree(pages, ignore_errors=True)
    render(pages, report=report)
    # README links point into docs/ from the repository root; in the site they are siblings.
    readme = (ROOT / "README.md").read_text().replace("](docs/", "](")
    (ROOT / "docs" / "readme.md").write_text(readme)
    write_torch_ops(ROOT / "docs" / "torch-ops.md")
    sys.path.insert(0, str(ROOT / "docs"))
    from figures import make_figures

    figures = make_figures(ROOT / "docs" / "figures")

    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", a.site_dir], cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if r.returncode != 0:
        print("build_site: mkdocs build --strict failed", file=sys.stderr)
        return 1
    site = Path(a.site_dir)
    absent = [i for i in claims.ids() if not (site / "claims" / i / "index.html").is_file()]
    for extra in ("claims/errata/index.html", "claims/index.html", "api/index.html"):
        if not (site / extra).is_file():
            absent.append(extra)
    for fig in figures:
        built = site / "figures" / fig.name
        if not built.is_file() or built.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            absent.append(f"figures/{fig.name}")
    if absent:
        print(f"build_site: missing from the site: {absent}", file=sys.stderr)
        return 1
    if a.browser_check:
        derived = next(c.id for c in claims.all_claims() if c.derivation())
        problems = browser_check(site, [f"claims/{derived}/index.html", "claims/errata/index.html", "index.html"])
        if problems:
            print("build_site: browser check failed: " + "; ".join(problems), file=sys.stderr)
            return 1
    print(f"build_site: {len(claims.ids())} claim pages, errata, verdict tables, {len(figures)} figures and API reference in {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
