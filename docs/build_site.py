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
3. copy ``README.md`` to ``docs/readme.md``;
4. ``mkdocs build --strict`` into ``site/`` (a broken link or reference fails
   the build);
5. check that every claim has its page in the built site.

Exit status: 0 on success, 1 when the build or a check fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--report", help="report.json of an earlier `spline-theory verify` run (default: verify now)")
    p.add_argument("--profile", default="dev", choices=("dev", "ci", "thorough"), help="profile of the verification run (default dev)")
    p.add_argument("--site-dir", default=str(ROOT / "site"), help="where the site is written (default site/)")
    a = p.parse_args(argv)

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
    shutil.copyfile(ROOT / "README.md", ROOT / "docs" / "readme.md")

    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", a.site_dir], cwd=ROOT, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    if r.returncode != 0:
        print("build_site: mkdocs build --strict failed", file=sys.stderr)
        return 1
    site = Path(a.site_dir)
    absent = [i for i in claims.ids() if not (site / "claims" / i / "index.html").is_file()]
    for extra in ("claims/errata/index.html", "claims/index.html", "api/index.html"):
        if not (site / extra).is_file():
            absent.append(extra)
    if absent:
        print(f"build_site: missing from the site: {absent}", file=sys.stderr)
        return 1
    print(f"build_site: {len(claims.ids())} claim pages, errata, verdict tables and API reference in {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
