"""``python -m api.cli``: the same as the ``layak`` console script."""

from api.cli import app

app()
