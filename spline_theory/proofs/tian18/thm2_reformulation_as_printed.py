"""tian18 Thm. 2 (Eq. (7), App. 8.3 Eq. (22)) as printed: focus, broadness of knowledge and decorrelation at the child give the reformulation.

For :math:`\\alpha = rf(j)`, :math:`\\beta = rf(k)`, k a child of j: if
:math:`\\mathbb P(x_k|z_\\alpha, z_\\beta) = \\mathbb P(x_k|z_\\beta)` (focus),
:math:`\\mathbb P(x_j|z_\\alpha, z_\\beta) = \\mathbb P(x_j|z_\\alpha)` (broadness) and,
given :math:`z_\\beta`, :math:`f'_k` is uncorrelated with :math:`g_k^{raw}` and
:math:`f_k^{raw}` (decorrelation; the main text lists onsite conditional
independence and decorrelation), then
:math:`f_j(z_\\alpha) = f'_j(z_\\alpha)\\sum_k w_{jk}\\mathbb E_{z_\\beta|z_\\alpha}[f_k(z_\\beta)]` (22a) and
:math:`g_k(z_\\beta) = f'_k(z_\\beta)\\sum_j w_{jk}\\mathbb E_{z_\\alpha|z_\\beta}[g_j(z_\\alpha)]` (22b).

Reading: the conditions are required for every child-parent pair of the
network (decided by :func:`~spline_theory.teacher_student.reformulation_gaps`);
instances where they do not all hold are undecided.

Verdict: **fails**: (22a) splits :math:`\\mathbb E[f'_j f_j^{raw}|z_\\alpha]` into
:math:`f'_j(z_\\alpha)\\,\\mathbb E[f_j^{raw}|z_\\alpha]`, which needs decorrelation
at node j given :math:`z_\\alpha`; the hypotheses only give it at the child k
(and for the top node, at no level). Counterexample: two binary inputs,
uniform and independent, leaf summaries constant (fully lossy), top summary
the pair of leaf summaries; one top node with weights (1, -1) on the one-hot
code of :math:`x_0` and 0 on :math:`x_1`. Focus, broadness and decorrelation at
the leaves (no gate) hold exactly, yet :math:`f_j(z) = \\mathbb E[\\mathrm{ReLU}] = 1/2`
while :math:`f'_j(z)\\sum_k w_{jk}\\mathbb E[f_k] = \\tfrac12\\cdot 0 = 0`. (22b) holds.
Corrected in ``tian18.thm2-corrected``.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.teacher_student import make_teacher, product_distribution, reformulation_gaps, unpack_weights
from spline_theory.testing.strategies import lossy_teacher_instances

#: a condition gap below this counts as holding (the gaps are sums of a few float64 probabilities)
CONDITION_TOL = 1e-9


def gaps_of(inst):
    T = make_teacher(inst["A"], inst["regions"], inst["children"], product_distribution(inst["q"]), tables=inst["tables"])
    return reformulation_gaps(T, unpack_weights(T, inst["n_nodes"], inst["w"]), inst["G_top"])


def reformulation_evidence(xp, inst, conditions):
    """Eq. (22a), (22b) on an instance where every gap in ``conditions`` vanishes (undecided otherwise)."""
    gaps = gaps_of(inst)
    if any(g[c] > CONDITION_TOL for g in gaps.values() for c in conditions):
        return undecided("Eq. (22a), (22b)", f"the conditions {conditions} of Thm. 2 do not all hold on this instance")
    zero = xp.zeros(len(gaps), dtype=xp.float64)
    # the residuals are differences of expectations of products of size O(|w|), computed in float64
    return [
        close(xp, xp.asarray([g["eq22a"] for g in gaps.values()]), zero, relation="f_j(z_a) == f'_j(z_a) sum_k w_jk E[f_k(z_b) | z_a]  (22a)", atol=1e-9),
        close(xp, xp.asarray([g["eq22b"] for g in gaps.values()]), zero, relation="g_k(z_b) == f'_k(z_b) sum_j w_jk E[g_j(z_a) | z_b]  (22b)", atol=1e-9),
    ]


def cases_inside(conditions):
    """:func:`~spline_theory.testing.strategies.lossy_teacher_instances` redrawn until every gap in ``conditions`` vanishes (the search draws inside the hypotheses)."""
    return lossy_teacher_instances().filter(lambda inst: not any(g[c] > CONDITION_TOL for g in gaps_of(inst).values() for c in conditions))


def check(xp, inst):
    return reformulation_evidence(xp, inst, ("focus", "broadness", "decorrelation_k"))


CLAIM = register(
    Claim(
        id="tian18.thm2",
        title="Focus, broadness and decorrelation at the child give the reformulation of Eq. 7 (as printed)",
        where="tian18, Sec. 3, Thm. 2, Eq. (6)-(7); App. 8.3, Thm. 2, Eq. (22a)-(22b)",
        statement=r"\mathbb P(x_k|z_\alpha,z_\beta) = \mathbb P(x_k|z_\beta),\ \mathbb P(x_j|z_\alpha,z_\beta) = \mathbb P(x_j|z_\alpha),\ \text{Cov}(f'_k, g^{raw}_k|z_\beta) = \text{Cov}(f'_k, f^{raw}_k|z_\beta) = 0 \Rightarrow f_j(z_\alpha) = f'_j(z_\alpha)\sum_k w_{jk}\mathbb E_{z_\beta|z_\alpha}[f_k(z_\beta)],\ g_k(z_\beta) = f'_k(z_\beta)\sum_j w_{jk}\mathbb E_{z_\alpha|z_\beta}[g_j(z_\alpha)]",
        assumptions=(r"\text{the conditions hold for every child-parent pair}", r"\text{finite alphabet; leaves are one-hot inputs without gate}"),
        check=check,
        cases=lossy_teacher_instances(),
        arrays=("q", "w", "G_top"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={
            "A": 2, "regions": [[0], [1], [0, 1]], "children": [[], [], [0, 1]], "tables": [[0, 0], [0, 0], [[0]]],
            "n_nodes": [2, 2, 1], "q": [[0.5, 0.5], [0.5, 0.5]], "w": [1.0, -1.0, 0.0, 0.0], "G_top": [[1.0], [1.0], [1.0], [1.0]],
        },
        method="reformulation_gaps on teachers with independent inputs, lossy leaves and lossless summaries above; where the printed conditions hold (gaps < 1e-9) the residuals of (22a) and (22b) must vanish.",
        notes="(22b) holds under the printed conditions; (22a) needs decorrelation at the parent node too (tian18.thm2-corrected).",
    )
)
