"""slides, "Template Matching Machines (1/3)": the templates are the gradients of the outputs, extracted by back-propagation.

The slide: "Visualization: extract (via the backpropagation algorithm) the
templates :math:`A[x]_c = \\frac{d[z^{(L)}(x)]_c}{x}`".

Reading: the printed denominator :math:`x` is read as :math:`dx` (the slide
drops the d; as printed the quotient of a differential by a vector is not
defined, and icml18 Sec. 5.2 writes the derivative). The check is that of
``icml18.sec5.templates`` (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec5_templates_are_gradients import CLAIM as SEC5

CLAIM = register(
    Claim(
        id="slides.templates_are_gradients",
        title="Templates are the gradients of the outputs, obtained by back-propagation",
        where="slides, 'Template Matching Machines (1/3)', visualization",
        statement=r"A[x]_c = \frac{d[z^{(L)}(x)]_c}{dx}",
        same_as=SEC5,
    )
)
