"""The seeded demo generator (world tables, agencies, listings and their text, workers, SIMULATED outcomes), loading
it into the store, and demo API keys.
"""
