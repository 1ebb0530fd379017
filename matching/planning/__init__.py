"""The training planner's views: a worker's stretch list and the k-anonymous cohort view with its counting and
exports.
"""
