"""Claims of report17: Balestriero & Baraniuk, A Spline Theory of Deep Learning, technical report, 2017."""
