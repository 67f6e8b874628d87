"""Claims of iclr19: Balestriero & Baraniuk, From Hard to Soft, ICLR 2019."""
