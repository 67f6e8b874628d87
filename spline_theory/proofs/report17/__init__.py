<<<<<<< HEAD
"""Claims of report17: Balestriero & Baraniuk, A Spline Theory of Deep Learning, technical report, 2017."""
=======
"""Claims of report17: Balestriero & Baraniuk, A Spline Theory of Deep Learning, technical report, 2017 (Sec. 3)."""
>>>>>>> networks
