"""Sphinx configuration of the documentation site (``python docs/build_site.py`` builds it).

The API reference is rendered from the numpydoc docstrings (``numpydoc``,
``sphinx.ext.autodoc``); the guides, tutorials and generated claim pages are
Markdown, read by MyST with ``$...$`` / ``$$...$$`` math; MathJax 3 is served
from the site itself (``javascripts/mathjax/``, fetched by ``build_site.py``),
so pages typeset without network access.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The package: the repository root when building from docs/, else the installed one.
for up in (ROOT.parent, ROOT.parent.parent.parent):
    if (up / "spline_theory" / "__init__.py").is_file():
        sys.path.insert(0, str(up))
        break

import spline_theory  # noqa: E402

project = "spline_theory"
author = "the spline_theory developers"
copyright = "2026, the spline_theory developers"
release = version = spline_theory.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "build_site.py", "figures.py", "conf.py", "javascripts/**", "**/*.image-check.html"]
# Claim pages are reached from the verdict tables, the topic index and the errata, not from the sidebar.
suppress_warnings = ["toc.not_included"]

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

autodoc_default_options = {"members": True, "member-order": "bysource", "show-inheritance": False}
autodoc_typehints = "none"  # the numpydoc Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "pydata_sphinx_theme"
html_title = "spline_theory"
html_static_path = ["_static", "javascripts"]
html_css_files = ["spline_theory.css"]
html_theme_options = {
    "navigation_depth": 2,
    "show_toc_level": 2,
    "navbar_align": "left",
    "footer_start": ["copyright"],
    "footer_end": [],
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False

mathjax_path = "mathjax/tex-svg-full.js"  # under _static/, copied from docs/javascripts/mathjax/
mathjax3_config = {
    "tex": {"processEscapes": True, "processEnvironments": True},
    # prose in \text{...} is set in the page's font, not the math font
    "svg": {"mtextInheritFont": True, "fontCache": "global"},
}


def _skip_foreign(app, what, name, obj, skip, options):
    """Document only what the library defines: a re-exported function (``backend.array_namespace`` is array-api-compat's) is skipped."""
    module = getattr(obj, "__module__", None)
    if what == "module" and isinstance(module, str) and not module.startswith("spline_theory") and callable(obj):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign)
