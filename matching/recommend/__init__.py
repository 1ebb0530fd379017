"""The recommend pipeline (retrieve, featurise, rank, policy, explain), the ranker's listing facts, batch
recommendations and `understand`.
"""
