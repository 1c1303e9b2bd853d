"""Training and evaluation of the shipped NLI cross-encoder."""
