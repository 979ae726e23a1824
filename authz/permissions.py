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

from schema.errors import FORBIDDEN


class _Klasse(BasePermission):
    message = FORBIDDEN
    error_extensions: GraphQLErrorExtensions = {"code": "FORBIDDEN"}  # noqa: RUF012
    attribute = ""

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return bool(getattr(source.tilgang, self.attribute))


class LeseIdentitet(_Klasse):
    attribute = "identitet"


class LeseGrunndata(_Klasse):
    attribute = "grunndata"


class LesePersonmappe(_Klasse):
    attribute = "personmappe"
