"""Persistence: the SQLAlchemy store and its tables, the listing cache, cached profile readings, API keys and access
rules, personal-data export and deletion, the licence registry, CSV streaming.
"""
