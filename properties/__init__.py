"""Properties of the model: well-formedness and legal safety claims, checked exhaustively
and by Hypothesis fuzzing (see properties/*.py)."""
