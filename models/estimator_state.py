"""A fitted scikit-learn model (and Layak's wrappers of one) as JSON plus numpy arrays, and back, without pickle.

Why: the listing-risk champion is stored by MLflow in skops format, and importing skops alone scans every
scikit-learn estimator (and so imports torch): 8 of the 19 s ``layak screen`` spent loading the model
(docs/benchmarks.md). Its local copy (models/champion.py) is this encoding instead.

What it can hold: None, bools, ints, floats, strings, lists, tuples, dicts, slices, numpy scalars and arrays
(string arrays as lists), scipy CSR/CSC matrices, numpy scalar types and the builtin ``int``/``float``/``bool``/
``str`` types (estimators keep ``dtype=np.float64`` as a parameter), and objects of the classes the caller
allows (by default those defined in ``sklearn`` or in Layak's ``models`` package), by their state
(``__getstate__``/``__setstate__``, as pickle would use it). Anything else (a function, a lambda, another
library's object) raises ``Unsupported``: then no copy is made and the model keeps loading from the registry.

Decoding creates objects only of those classes and only hands them their state (their own ``__setstate__``, or
their attributes): unlike pickle, it calls no function a file names. An object referenced twice is decoded once
(shared, as it was).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

ALLOWED_MODULES = ("sklearn.", "models.")  # classes an encoding may name: scikit-learn's and Layak's models
_BUILTIN_TYPES = {"int": int, "float": float, "bool": bool, "str": str}


class Unsupported(TypeError):
    """The object holds something this encoding does not (a function, another library's object)."""


def _allowed_class(path: str, allowed: tuple[str, ...]) -> type:
    """The class ``module:Name`` names, if ``allowed`` lets an encoding name it: an entry with a colon is one
    class (``"features.pairs:Courses"``), one without is a module prefix (``"sklearn."``)."""
    module, _, name = path.partition(":")
    permitted = any(path == a if ":" in a else module.startswith(a) for a in allowed)
    if not permitted or not name or "." in name:
        raise Unsupported(f"class {path} is not one an encoding may name")
    cls = getattr(importlib.import_module(module), name, None)
    if not isinstance(cls, type):
        raise Unsupported(f"{path} is not a class")
    return cls


class _Encoder:
    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.allowed = allowed
        self.arrays: dict[str, np.ndarray] = {}
        self.memo: dict[int, int] = {}
        self.alive: list[Any] = []  # keeps every memoised object alive, so no id() is reused meanwhile

    def array(self, arr: np.ndarray) -> str:
        key = f"a{len(self.arrays)}"
        self.arrays[key] = arr
        return key

    def enc(self, v: Any) -> Any:
        t = type(v)
        if v is None or t in (bool, int, float, str):
            return v
        if t is list:
            return [self.enc(x) for x in v]
        if t is tuple:
            return {"$tuple": [self.enc(x) for x in v]}
        if t is dict:
            return {"$dict": [[self.enc(k), self.enc(x)] for k, x in v.items()]}
        if t is slice:
            return {"$slice": [self.enc(v.start), self.enc(v.stop), self.enc(v.step)]}
        if isinstance(v, np.generic):
            if v.dtype.kind not in "biufU":
                raise Unsupported(f"numpy scalar of dtype {v.dtype}")
            return {"$np": v.dtype.str, "v": v.item()}
        if t is np.ndarray:
            if v.dtype.kind == "O":
                items = v.ravel().tolist()
                if not all(type(x) is str for x in items):
                    raise Unsupported("an object array that does not hold only strings")
                return {"$strs": items, "shape": list(v.shape)}
            if v.dtype.kind not in "biufcUSM" or v.dtype.hasobject:
                raise Unsupported(f"array of dtype {v.dtype}")
            return {"$arr": self.array(v)}
        if isinstance(v, type):
            name = v.__name__
            if issubclass(v, np.generic) and getattr(np, name, None) is v:
                return {"$type": f"numpy.{name}"}
            if _BUILTIN_TYPES.get(name) is v:
                return {"$type": f"builtins.{name}"}
            raise Unsupported(f"the type {v!r}")
        if t.__module__.startswith("scipy.sparse") and getattr(v, "format", None) in ("csr", "csc"):
            return {"$sparse": f"{t.__module__}:{t.__name__}", "shape": list(v.shape),
                    "data": self.array(v.data), "indices": self.array(v.indices), "indptr": self.array(v.indptr)}
        return self.obj(v)

    def obj(self, v: Any) -> Any:
        t = type(v)
        path = f"{t.__module__}:{t.__qualname__}"
        if _allowed_class(path, self.allowed) is not t:
            raise Unsupported(f"{path} does not name the object's own class")
        if id(v) in self.memo:
            return {"$ref": self.memo[id(v)]}
        n = self.memo[id(v)] = len(self.memo)
        self.alive.append(v)
        state = v.__getstate__()
        if not isinstance(state, dict) or not all(type(k) is str for k in state):
            raise Unsupported(f"{path} has a state that is not a dict of attributes")
        return {"$obj": path, "id": n, "state": {k: self.enc(x) for k, x in state.items()}}


class _Decoder:
    def __init__(self, arrays: Mapping[str, np.ndarray], allowed: tuple[str, ...]) -> None:
        self.allowed = allowed
        self.arrays = arrays
        self.memo: dict[int, Any] = {}

    def dec(self, v: Any) -> Any:
        if v is None or type(v) in (bool, int, float, str):
            return v
        if type(v) is list:
            return [self.dec(x) for x in v]
        if type(v) is not dict or len(v) == 0:
            raise Unsupported(f"not an encoded value: {v!r}"[:200])
        if "$tuple" in v:
            return tuple(self.dec(x) for x in v["$tuple"])
        if "$dict" in v:
            return {self.dec(k): self.dec(x) for k, x in v["$dict"]}
        if "$slice" in v:
            return slice(*(self.dec(x) for x in v["$slice"]))
        if "$np" in v:
            return np.dtype(v["$np"]).type(v["v"])
        if "$arr" in v:
            return self.arrays[v["$arr"]]
        if "$strs" in v:
            out = np.empty(len(v["$strs"]), dtype=object)
            out[:] = v["$strs"]
            return out.reshape(v["shape"])
        if "$type" in v:
            module, _, name = v["$type"].partition(".")
            cls = getattr(np, name, None) if module == "numpy" else _BUILTIN_TYPES.get(name)
            if not isinstance(cls, type) or (module == "numpy" and not issubclass(cls, np.generic)):
                raise Unsupported(f"the type {v['$type']}")
            return cls
        if "$sparse" in v:
            module, _, name = v["$sparse"].partition(":")
            if not module.startswith("scipy.sparse"):
                raise Unsupported(f"sparse class {v['$sparse']}")
            cls = getattr(importlib.import_module(module), name)
            return cls((self.arrays[v["data"]], self.arrays[v["indices"]], self.arrays[v["indptr"]]),
                       shape=tuple(v["shape"]))
        if "$ref" in v:
            return self.memo[v["$ref"]]
        if "$obj" in v:
            cls = _allowed_class(v["$obj"], self.allowed)
            new: Any = cls.__new__  # a bare instance, as pickle makes one: no __init__
            obj = new(cls)
            self.memo[v["id"]] = obj
            state = {k: self.dec(x) for k, x in v["state"].items()}
            setstate = getattr(obj, "__setstate__", None)
            if setstate is not None:
                setstate(state)
            else:
                obj.__dict__.update(state)
            return obj
        raise Unsupported(f"not an encoded value: {v!r}"[:200])


def encode(obj: Any, allowed: tuple[str, ...] = ALLOWED_MODULES) -> tuple[Any, dict[str, np.ndarray]]:
    """``(JSON-ready tree, arrays by key)``; objects only of the classes ``allowed`` names (default: scikit-learn's
    and Layak's models). Raises Unsupported (see the module docstring)."""
    enc = _Encoder(allowed)
    tree = enc.enc(obj)
    return tree, enc.arrays


def decode(tree: Any, arrays: Mapping[str, np.ndarray], allowed: tuple[str, ...] = ALLOWED_MODULES) -> Any:
    """The object ``encode`` described. Raises Unsupported for anything ``encode`` would not have written, or a
    class ``allowed`` does not name."""
    return _Decoder(arrays, allowed).dec(tree)


def same_encoding(a: tuple[Any, dict[str, np.ndarray]], b: tuple[Any, dict[str, np.ndarray]]) -> bool:
    """True when two encodings hold the same tree and bit-identical arrays (a round-trip check)."""
    (tree_a, arr_a), (tree_b, arr_b) = a, b
    if json.dumps(tree_a, sort_keys=True) != json.dumps(tree_b, sort_keys=True) or arr_a.keys() != arr_b.keys():
        return False
    return all(arr_a[k].dtype == arr_b[k].dtype and arr_a[k].shape == arr_b[k].shape
               and arr_a[k].tobytes() == arr_b[k].tobytes() for k in arr_a)


__all__ = ["ALLOWED_MODULES", "Unsupported", "decode", "encode", "same_encoding"]
