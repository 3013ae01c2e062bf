"""The deterministic seed: one universe of customers that the four systems agree on."""
