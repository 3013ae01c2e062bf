"""The benchmark scenarios of issue 5, one module each."""
