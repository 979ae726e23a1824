"""Permission classes for the fields of each sensitivity class.

They read the decision that travels with the object (``source.tilgang``), made once for the
whole batch; ``has_permission`` is a plain ``def``, so no field becomes an awaitable for it.
Use them through ``strawberry.field(permission_classes=[...])``, which prints no directive
into the public schema.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLErrorExtensions
from strawberry.permission import BasePermission
from strawberry.types import Info

from authz.errors import FORBIDDEN


class Sensitivitetsklasse(BasePermission):
    """Grants when the decision made for the batch grants ``attribute``."""

    message = FORBIDDEN
    error_extensions: GraphQLErrorExtensions = {"code": "FORBIDDEN"}  # noqa: RUF012
    attribute = ""

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return bool(getattr(source.tilgang, self.attribute))


class LeseIdentitet(Sensitivitetsklasse):
    attribute = "identitet"


class LeseGrunndata(Sensitivitetsklasse):
    attribute = "grunndata"


class LesePersonmappe(Sensitivitetsklasse):
    attribute = "personmappe"
