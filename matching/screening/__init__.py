"""Listing intake: the cited screening rules, free-text red flags, reading and screening CSV rows, and the desk
(ingest, review, withdraw, audit trail).
"""
