"""slides, "A simple way of boosting DN performances": "a matched filterbank is optimal to classify signals immersed in additive white Gaussian noise".

Reading: as ``icml18.sec51.matched_filterbank`` reads the same sentence (the
bank with its energy and prior biases, optimal = MAP); the check is that one
(same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec51_matched_filterbank_is_optimal import CLAIM as SEC51

CLAIM = register(
    Claim(
        id="slides.matched_filterbank",
        title="A matched filterbank is the MAP classifier of signals in white Gaussian noise",
        where="slides, 'A simple way of boosting DN performances'",
        statement=r"x = s_c + n,\ n \sim \mathcal N(0, \sigma^2 I):\ \arg\max_c p(c \mid x) = \arg\max_c \langle s_c, x\rangle + b_c",
        same_as=SEC51,
    )
)
