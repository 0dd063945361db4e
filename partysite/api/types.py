"""Path and query types of the app API.

Integer ids are bounded to the database's integer range: an id like 10**30 is a 404-able 422,
not an overflow error deep in the database driver.
"""

from typing import Annotated

from ninja import Path
from pydantic import Field

MAX_ID = 2_147_483_647

#: A database id in a path: ``def detail(request, id: ObjectId)``.
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]

#: A database id in a body or query.
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
