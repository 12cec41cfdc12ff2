"""codespec: coding-rule specs compiled to claim validators."""

__version__ = "0.1.0"
