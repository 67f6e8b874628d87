"""The claims of the papers, one file per claim, one folder per paper key.

Importing a claim file registers its :class:`~spline_theory.claims.Claim`;
:mod:`spline_theory.claims` imports every module here on first use. Paper
keys, citations and numbering: the References section of the project README.
"""
