"""Route frequencies: an absorbing Markov chain over the phase graph, calibrated on the report."""
