"""icml18 Sec. 5.1, footnote 4: "since the softmax merely rescales the entries of :math:`z^{(L)}(x)` into a probability distribution, it does not affect the location of its largest element."

Reading: :math:`\\arg\\max_c \\operatorname{softmax}(z)_c = \\arg\\max_c z_c` for every
:math:`z \\in \\mathbb R^C`. No hypothesis added; an input whose two largest
entries differ by less than round-off has no decided largest element and is
undecided (the selection is decided only beyond round-off). Checked with the
library's softmax (``activations.softmax``) on batches of logits, huge ones
included (the softmax is computed from :math:`z - \\max z`). Verdict: **holds**.
"""

import numpy as np
from hypothesis import strategies as st

from spline_theory import backend as _backend
from spline_theory.activations import softmax
from spline_theory.claims import Claim, default_rtol, equal, register, undecided
from spline_theory.testing.strategies import float_arrays


def _some_row_decided(inst):
    top2 = np.sort(inst["z"], axis=1)[:, -2:]
    return bool(np.any(top2[:, 1] - top2[:, 0] > 1e-2 * (1.0 + np.max(np.abs(inst["z"]), axis=1))))


@st.composite
def _logits(draw):
    N, C = draw(st.integers(1, 6)), draw(st.integers(2, 6))
    scale = draw(st.sampled_from([1.0, 1e3, 1e30]))
    return {"z": draw(float_arrays((N, C))) * scale}


def _cases():
    """Batches of logits with a decided largest entry in one row at least (the statement is about that entry); others are redrawn."""
    return _logits().filter(_some_row_decided)


def check(xp, inst):
    z = inst["z"]
    top2 = xp.sort(z, axis=1)[:, -2:]
    gap = top2[:, 1] - top2[:, 0]
    tol = default_rtol(z.dtype) * (1.0 + xp.max(xp.abs(z), axis=1))
    keep = [i for i, ok in enumerate(_backend.to_numpy(gap > tol).tolist()) if ok]
    relation = "argmax softmax(z) == argmax z"
    if not keep:
        return undecided(relation, "the two largest entries tie within round-off: no decided largest element")
    z = xp.take(z, xp.asarray(keep, dtype=xp.int64), axis=0)
    return equal(xp, xp.argmax(softmax(z, axis=1), axis=1), xp.argmax(z, axis=1), relation=relation)


CLAIM = register(
    Claim(
        id="icml18.sec51.softmax_argmax",
        title="The softmax does not move the location of the largest output",
        where="icml18, Sec. 5.1, footnote 4",
        statement=r"\arg\max_c \operatorname{softmax}(z^{(L)}(x))_c = \arg\max_c [z^{(L)}(x)]_c",
        assumptions=(r"\text{the largest entry is unique beyond round-off}",),
        check=check,
        cases=_cases(),
        arrays=("z",),
        per_input="z",
        method="activations.softmax on batches of logits (scales 1, 1e3, 1e30), the arg-max of each row against that of the logits; "
        "rows whose two largest logits tie within round-off are undecided.",
    )
)
