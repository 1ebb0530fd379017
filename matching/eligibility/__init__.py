"""What a worker may be shown and what she lacks: the hard policy, gaps, readiness, reach, explanations and course
paths.
"""
