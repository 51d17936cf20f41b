"""Turnout during voting day: at the hours the committee sets, each team reports
how many voters have voted so far; the reports roll up per commune, province
and nation, live."""
