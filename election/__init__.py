"""Election operations for Vietnam's ĐBQH and HĐND elections."""

__version__ = "0.1.0"
