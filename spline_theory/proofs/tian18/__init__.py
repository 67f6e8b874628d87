"""Claims of tian18: Tian et al., A Theoretical Framework for Deep and Locally Connected ReLU Network, 2018."""
