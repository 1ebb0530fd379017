"""What every ``layak`` command shares: the Typer apps, logging to stderr, one-line errors, --json output and
reading input files. Output for people goes to stdout (or one JSON document with --json); progress and logs go
to stderr; errors exit non-zero with one line naming the input, row or field."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from features.validation import FieldError, field_errors
from matching.errors import InputError, LayakError
from matching.settings import get_settings

if TYPE_CHECKING:  # the wired services pull in the store, the index and the models: imported when a command runs
    from matching.service import Services

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Layak: safe overseas job matching for PMI.")
index_app = typer.Typer(no_args_is_help=True, help="The FAISS index of verified listings.")
agencies_app = typer.Typer(no_args_is_help=True, help="The P3MI licence registry.")
keys_app = typer.Typer(no_args_is_help=True, help="API keys (stored hashed; each key is shown once).")
app.add_typer(index_app, name="index")
app.add_typer(agencies_app, name="agencies")
app.add_typer(keys_app, name="keys")

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
JsonOpt = Annotated[bool, typer.Option("--json", help="one JSON document on stdout")]


def setup_logging() -> None:
    """Log to stderr at the configured level; quiet the libraries that chatter at INFO."""
    level = getattr(logging, get_settings().log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "httpx", "urllib3", "filelock", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def services() -> Services:
    """The wired parts for this process, from the settings (environment and ``.env``). Imported here, not at the
    top: a light command (``--help``, ``understand``, ``agencies import``) must not pay for loading them."""
    from matching.service import Services

    return Services(get_settings())


def _reported(exc: Exception) -> bool:
    """Errors shown as one line: domain and input errors, and the ranker trainer's (checked only when its module
    was loaded: an exception cannot be of a class that was never imported)."""
    if isinstance(exc, (LayakError, FieldError)):
        return True
    training = sys.modules.get("matching.learning.ranker_training")
    return training is not None and isinstance(exc, (training.NoOutcomes, training.NoChampion))


def fail(message: str) -> NoReturn:
    """One error line on stderr and exit code 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def guard(fn: Callable[[], T]) -> T:
    """Run a command body, turning domain and input errors into one clear line and exit code 2."""
    try:
        return fn()
    except Exception as exc:
        if not _reported(exc):
            raise
        fail(str(exc))


def emit(data: Any, as_json: bool, human: Callable[[Any], object]) -> None:
    """``data`` as one JSON document (``--json``) or through ``human`` for people."""
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        human(data)


def echo_items(data: dict[str, Any]) -> None:
    """``key: value`` lines."""
    for key, value in data.items():
        typer.echo(f"{key}: {value}")


def load_json(path: Path) -> Any:
    """The JSON document in ``path``; a missing file, non-UTF-8 bytes or bad JSON raise ``InputError``."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                         source=str(path)) from None


def validate(model: type[M], data: Any, path: Path) -> M:
    """``data`` as ``model``; the first invalid field (and how many more) in an ``InputError``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errs = field_errors(exc)
        more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
        raise InputError(f"field '{errs[0].field}': {errs[0].message}{more}", source=str(path)) from None


def open_csv(path: Path) -> IO[bytes]:
    """``path`` opened for binary reading (the CSV reader decodes and reports bad bytes per row)."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
