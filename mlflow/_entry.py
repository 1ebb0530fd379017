"""Shared set-up of the MLproject entry points (a plain module next to them; this folder is not a package)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def services():  # type: ignore[no-untyped-def]
    """Layak's Services, on the tracking store ``mlflow run`` was given (MLFLOW_TRACKING_URI) if any."""
    if str(ROOT) not in sys.path:
        sys.path.insert(1, str(ROOT))  # after this folder, so `import mlflow` still finds the installed package
    from matching.service import Services
    from matching.settings import get_settings

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if uri:
        if uri.startswith("sqlite:///") and not uri.startswith("sqlite:////"):
            # `mlflow run` hands over the URI it was given, but runs us in this folder: a relative SQLite path is
            # read from the repository root, where the README says to run it
            uri = f"sqlite:///{(ROOT / uri[len('sqlite:///'):]).resolve()}"
        settings = settings.model_copy(update={"mlflow_tracking_uri": uri})
    return Services(settings)
