"""Model training and evaluation: ranking data, the ranker and listing-risk trainers, evaluation against baselines,
screening evaluation, the outcomes CSV.
"""
