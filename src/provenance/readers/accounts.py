"""A mapping file of content-system accounts to people: CSV with a header ``system,login,name``.

``plone,songj,Jae-hoon Song`` says that the Plone login ``songj`` is Jae-hoon Song; a WordPress
author is named by id (``wordpress,7,Ann Editor``). Pure: a file in, a mapping out.
"""

import csv
import io
from pathlib import Path

from provenance.errors import InputError
from provenance.readers.document import read_text_file

_COLUMNS = ("system", "login", "name")


def read_accounts(path: Path) -> dict[tuple[str, str], str]:
    """{(system, login): name} from a mapping file; InputError naming the line that is wrong."""
    rows = csv.reader(io.StringIO(read_text_file(path)))
    header = [h.strip().lower() for h in next(rows, [])]
    if tuple(header) != _COLUMNS:
        raise InputError(f"{path}: the first line must be the header system,login,name")
    mapping: dict[tuple[str, str], str] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3 or not all(cell.strip() for cell in row):
            raise InputError(f"{path} line {number}: expected system,login,name")
        system, login, name = (cell.strip() for cell in row)
        key = (system.lower(), login)
        if key in mapping and mapping[key] != name:
            raise InputError(f"{path} line {number}: {system} login {login!r} is given two names")
        mapping[key] = name
    return mapping
