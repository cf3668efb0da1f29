"""Realistic volume for benchmarks and `flask demo --scale`: `generator` makes the people and drives
`progress` (the learning history) and `cycle` (the competency cycle)."""
