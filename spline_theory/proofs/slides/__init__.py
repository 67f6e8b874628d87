"""Claims of the slides: J. Gilles, Spline Theory of Deep Network, talk slides."""
