"""Listing intake: the cited screening rules (their catalogue, their checks, the risk model's policy), free-text
red flags, reading and screening CSV rows, and the desk
(ingest, review, withdraw, audit trail).
"""
