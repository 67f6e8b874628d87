"""Claims of icml18: Balestriero & Baraniuk, A Spline Theory of Deep Networks, ICML 2018."""
