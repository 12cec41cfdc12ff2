"""Mutation testing of specs: mutate the IR, regenerate, and see whether the spec's tests notice."""
