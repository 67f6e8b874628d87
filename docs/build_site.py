"""Build the documentation site with Sphinx: verdicts, generated claim pages, API reference, figures.

Usage (from the repository root, with the ``docs`` extra installed)::

    pip install ".[docs]"
    python docs/build_site.py                      # verify (profile dev), render, sphinx-build -W into site/
    python docs/build_site.py --report spline-theory-report/report.json   # reuse a verification run
    python docs/build_site.py --browser-check      # + checks in headless Chromium, screenshots in site/_checks/

Steps:

1. verify every claim (or load ``--report``), so the pages carry verdicts;
2. copy ``docs/`` into a staging folder (``build/docs-src/``; nothing is
   ever written into ``docs/``) and generate there: ``claims/`` (one page per
   claim, the verdict tables ``index.md`` / ``topics.md`` and the errata
   ``errata.md``), ``readme.md`` from ``README.md``, ``torch-ops.md`` from the
   importer's table, the figures (``docs/figures.py``) and their gallery;
3. ``sphinx-build -W`` into ``site/`` (MyST for the Markdown pages, autodoc +
   numpydoc for the API reference; any warning fails the build);
4. check that every claim, the verdict tables, the errata, every API page and
   every figure are in the site;
5. with ``--browser-check``: open the home page, a claim page with a
   derivation, the errata, the verdict table, the gallery and an API page in
   headless Chromium (Debian's ``chromium``) and fail when a page shows raw
   reStructuredText (``.. math::``, ``:math:``, a ``===`` table rule), when a
   formula was not typeset by MathJax or typeset with an error, when a formula
   of the errata renders below 12 px, when a verdict-table row has a cell
   count other than its header's or an expected / verdict cell that is not a
   verdict, or when an image did not load; screenshots of every page checked
   land in ``site/_checks/``.

MathJax is served from the site itself (``docs/javascripts/mathjax/``, fetched
once with ``npm pack mathjax@3.2.2`` and not committed), so the pages typeset
without network access.

Exit status: 0 on success, 1 when the build or a check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / "build" / "docs-src"
#: generated into the staging copy; stale copies of them in docs/ (older builds wrote there) are not carried over
GENERATED = ("claims", "figures", "readme.md", "torch-ops.md", "gallery.md", "_build")


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


# Injected into a copy of each checked page; runs after MathJax has typeset and writes its findings into <body data-check="...">.
_PROBE = """<script>
window.addEventListener("load", () => {
  const done = (window.MathJax && MathJax.startup && MathJax.startup.promise) ? MathJax.startup.promise : Promise.resolve();
  done.then(() => {
    const out = {};
    out.math = document.querySelectorAll("span.math, div.math").length;
    out.typeset = document.querySelectorAll("mjx-container").length;
    out.errors = document.querySelectorAll('[data-mml-node="merror"], [data-mjx-error]').length;
    const hidden = [...document.querySelectorAll("pre, code, script, style, mjx-container")];
    const saved = hidden.map(e => e.style.display);
    hidden.forEach(e => { e.style.display = "none"; });
    const text = document.body.innerText;
    hidden.forEach((e, i) => { e.style.display = saved[i]; });
    out.raw_rst = [];
    for (const line of text.split("\\n")) {
      if (line.includes(".. math::") || line.includes(":math:`") || /^\\s*={3,}(\\s+={3,})+\\s*$/.test(line)) out.raw_rst.push(line.trim().slice(0, 80));
    }
    out.raw_dollars = text.includes("$$");
    out.min_px = null;
    for (const c of document.querySelectorAll("mjx-container")) {
      const svg = c.querySelector("svg");
      if (!svg) continue;
      const w = svg.getAttribute("width") || "";
      if (!w.endsWith("ex")) continue;
      const probe = document.createElement("span");
      probe.style.cssText = "display:inline-block;width:10ex;height:0;padding:0;border:0";
      c.appendChild(probe);
      const ex = probe.getBoundingClientRect().width / 10;
      probe.remove();
      const rect = svg.getBoundingClientRect();
      if (!(ex > 0) || !(rect.width > 0)) continue;
      const px = parseFloat(getComputedStyle(c).fontSize) * rect.width / (parseFloat(w) * ex);
      if (out.min_px === null || px < out.min_px) out.min_px = px;
    }
    out.tables = [];
    for (const t of document.querySelectorAll("table")) {
      const head = [...t.querySelectorAll("thead th")].map(h => h.textContent.trim());
      const cols = head.map((h, i) => (h === "expected" || h === "verdict") ? i : -1).filter(i => i >= 0);
      if (!cols.length) continue;
      const bad = [];
      let rows = 0;
      for (const tr of t.querySelectorAll("tbody tr")) {
        rows += 1;
        const cells = [...tr.children].map(c => c.textContent.trim());
        if (cells.length !== head.length) bad.push("cells " + cells.length + " != " + head.length + ": " + cells.join(" | ").slice(0, 80));
        else for (const i of cols) if (!ALLOWED.includes(cells[i])) bad.push(head[i] + " cell " + JSON.stringify(cells[i]) + " in row " + cells[0]);
      }
      out.tables.push({rows: rows, bad: bad});
    }
    out.images = document.images.length;
    out.broken_images = [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src"));
    document.body.setAttribute("data-check", JSON.stringify(out));
  });
});
</script>"""


def _probe(chromium: str, flags: list[str], html: Path, allowed: list[str]) -> dict | None:
    """Load a copy of ``html`` (same folder, so relative links hold) with :data:`_PROBE`; return its findings."""
    probe = html.with_name(html.stem + ".check.html")
    script = _PROBE.replace("ALLOWED", json.dumps(allowed))
    probe.write_text(html.read_text().replace("</body>", script + "</body>"))
    try:
        dom = subprocess.run([chromium, *flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=180).stdout
    finally:
        probe.unlink()
    m = re.search(r'data-check="([^"]*)"', dom)
    if m is None:
        return None
    import html as _html

    return json.loads(_html.unescape(m.group(1)))


def browser_check(site: Path, pages: list[str], *, allowed: list[str], errata: str, min_px: float = 12.0) -> list[str]:
    """Open ``pages`` (paths under ``site``) in headless Chromium; return the problems found.

    ``allowed``: the texts an expected / verdict cell may hold; ``errata``: the
    page whose formulas must render at ``min_px`` or more.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return ["chromium is not installed (Debian package `chromium`)"]
    site = site.resolve()  # file:// URIs need absolute paths
    checks = site / "_checks"
    checks.mkdir(exist_ok=True)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000"]
    problems = []
    for page in pages:
        html = site / page
        r = _probe(chromium, flags, html, allowed)
        if r is None:
            problems.append(f"{page}: the in-page check did not run")
            continue
        if r["typeset"] != r["math"]:
            problems.append(f"{page}: {r['typeset']} of {r['math']} formulas typeset by MathJax")
        if r["errors"]:
            problems.append(f"{page}: {r['errors']} MathJax error node(s)")
        if r["raw_rst"]:
            problems.append(f"{page}: raw reStructuredText shown: {r['raw_rst'][:3]}")
        if r["raw_dollars"]:
            problems.append(f"{page}: raw $$ left in the page")
        for t in r["tables"]:
            problems += [f"{page}: verdict table: {b}" for b in t["bad"][:5]]
        if page == errata and r["min_px"] is not None and r["min_px"] < min_px:
            problems.append(f"{page}: a formula renders at {r['min_px']:.1f} px (< {min_px:g} px)")
        if r["broken_images"]:
            problems.append(f"{page}: images that did not load: {r['broken_images']}")
        name = page.removesuffix(".html").replace("/", "_")
        shot = checks / f"{name}.png"
        subprocess.run([chromium, *flags, "--window-size=1280,2000", f"--screenshot={shot}", html.as_uri()], capture_output=True, timeout=180)
        if not shot.is_file() or shot.stat().st_size == 0:
            problems.append(f"{page}: no screenshot")
        size = "" if r["min_px"] is None else f", smallest formula {r['min_px']:.1f} px"
        rows = sum(t["rows"] for t in r["tables"])
        print(f"build_site: {page}: {r['typeset']}/{r['math']} formulas typeset{size}; {len(r['tables'])} verdict table(s), {rows} rows; "
              f"{r['images']} image(s) loaded{'' if not r['broken_images'] else ' (some broken)'}; screenshot {shot}")
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


def stage(report: dict, staging: Path = STAGING) -> tuple[Path, list[Path]]:
    """Copy ``docs/`` to ``staging`` and generate the claim pages, README, op table, figures and gallery there."""
    from spline_theory.render import render

    dst = Path(staging)
    if dst.resolve() == (ROOT / "docs").resolve():
        raise SystemExit("build_site: --staging must not be docs/ itself (nothing is generated into docs/)")
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(ROOT / "docs", dst, ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs" and n in GENERATED])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # main() says which claims lack a verdict
        render(dst / "claims", report=report)
    # README links point into docs/ from the repository root; in the site they are siblings.
    readme = (ROOT / "README.md").read_text().replace("](docs/", "](")
    (dst / "readme.md").write_text(readme)
    write_torch_ops(dst / "torch-ops.md")
    from spline_theory import coverage

    (dst / "coverage.md").write_text(coverage.markdown())  # fresh from the registry (docs/coverage.md is the committed copy)
    sys.path.insert(0, str(ROOT / "docs"))
    from figures import gallery_markdown, make_figures

    figures = make_figures(dst / "figures")
    (dst / "gallery.md").write_text(gallery_markdown(figures))
    return dst, figures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--report", help="report.json of an earlier `spline-theory verify` run (default: verify now)")
    p.add_argument("--profile", default="dev", choices=("dev", "ci", "thorough"), help="profile of the verification run (default dev)")
    p.add_argument("--site-dir", default=str(ROOT / "site"), help="where the site is written (default site/)")
    p.add_argument("--staging", default=str(STAGING), help="where docs/ is copied and the pages generated (default build/docs-src/)")
    p.add_argument("--browser-check", action="store_true", help="check the pages in headless Chromium (math, raw RST, tables, errata size, images)")
    a = p.parse_args(argv)
    fetch_mathjax()

    from spline_theory import claims, verify
    from spline_theory.report import load_report

    if a.report:
        report = load_report(a.report)
    else:
        rep = verify(profile=a.profile)
        out = Path(a.site_dir).with_name(Path(a.site_dir).name + "-report")
        rep.write(out, merge=False)
        report = load_report(out / "report.json")
    missing = [i for i in claims.ids() if i not in report]
    if missing:
        print(f"build_site: the report lacks {len(missing)} claim(s), e.g. {missing[:3]}; their pages say 'not verified'", file=sys.stderr)

    src, figures = stage(report, Path(a.staging))
    site = Path(a.site_dir)
    if site.exists() and any(site.iterdir()) and not (site / ".buildinfo").is_file():
        print(f"build_site: --site-dir {site} exists and is not a site this script built (no .buildinfo); not overwriting it", file=sys.stderr)
        return 1
    shutil.rmtree(site, ignore_errors=True)  # a previous build: no stale page survives
    r = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "-d", str(Path(a.staging).parent / (Path(a.staging).name + "-doctrees")), str(src), str(site)],
                       cwd=ROOT)
    if r.returncode != 0:
        print("build_site: sphinx-build -W failed (warnings are errors)", file=sys.stderr)
        return 1
    absent = [i for i in claims.ids() if not (site / "claims" / f"{i}.html").is_file()]
    for extra in ("claims/errata.html", "claims/index.html", "claims/topics.html", "api.html", "gallery.html"):
        if not (site / extra).is_file():
            absent.append(extra)
    absent += [f"api/{p.stem}.html" for p in (src / "api").glob("*.md") if not (site / "api" / f"{p.stem}.html").is_file()]
    for fig in figures:
        built = site / "_images" / fig.name
        if not built.is_file() or built.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            absent.append(f"_images/{fig.name}")
    if absent:
        print(f"build_site: missing from the site: {absent}", file=sys.stderr)
        return 1
    if a.browser_check:
        derived = next(c.id for c in claims.all_claims() if c.derivation())
        pages = ["index.html", f"claims/{derived}.html", "claims/errata.html", "claims/index.html", "claims/topics.html", "gallery.html", "api/spline_theory.maso.html"]
        allowed = list(claims.VERDICTS) + (["not verified"] if missing else [])
        problems = browser_check(site, pages, allowed=allowed, errata="claims/errata.html")
        if problems:
            print("build_site: browser check failed: " + "; ".join(problems), file=sys.stderr)
            return 1
    print(f"build_site: {len(claims.ids())} claim pages, errata, verdict tables, {len(figures)} figures and API reference in {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
