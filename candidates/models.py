"""Openings, candidates, interviews and scorecards (built in the scorecard issue)."""
