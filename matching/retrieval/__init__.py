"""The FAISS index of verified listings (exact or IVF by size), keeping it in step with the store, and following
other processes' listing changes.
"""
