"""Runtime imported by generated validators; stdlib only."""
