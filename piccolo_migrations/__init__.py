"""The one forward-only migration stream of the Piccolo app "election"."""
