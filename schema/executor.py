"""A faster execution of the validated query, with results identical to graphql-core's.

Most fields of a large answer are leaves (a person's name, a date, an enum) read from an
attribute or a plain synchronous method, guarded at most by a sensitivity class whose decision
the object already carries. graphql-core and Strawberry spend about 15 µs on each field (a
path, an info object, argument parsing, the extension chain). Here every field gets a plan,
made once per field of the schema: for a leaf, read, check the decision, serialize; for a
denied field, the same ``Forbidden`` error Strawberry's permission extension raises, without
raising it; for objects and lists with a plain resolver, graphql-core's completion step for
step without the per-field info object. Resolvers that read only ``info.context`` say so with
:func:`context_only`. Fields with arguments, directives beyond @include/@skip,
asynchronous resolvers, abstract types, and any value that would be an error (a null in a
non-null field, a value that does not serialize) go through the standard execution.
``tests/test_executor.py`` runs real queries through both and requires identical answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    Undefined,
    located_error,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, gather_with_cancel
from opentelemetry import trace
from sqlalchemy.exc import IntegrityError
from strawberry.permission import PermissionExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

from authz.permissions import (
    LeseGrunndata,
    LeseIdentitet,
    LesePersonmappe,
    Sensitivitetsklasse,
)

F = TypeVar("F", bound=Callable[..., Any])
SLOW = object()
"""A leaf plan's answer when the standard execution must take the field."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What is known once per field of the schema: its sensitivity classes, whether it may be
    null, and for a plain leaf, how to read and serialize its value."""

    permissions: tuple[Sensitivitetsklasse, ...]
    nullable: bool
    leaf: Callable[[Any, Any], Any] | None
    resolve: Callable[[Any, Any], Any] | None = None
    """For any other field with a plain resolver: (source, context) → the resolver's value."""

    def denied(self, source: Any) -> Sensitivitetsklasse | None:
        """The first class the object's decision does not grant (the one Strawberry's
        permission extension would raise for)."""
        if self.permissions:
            tilgang = source.tilgang
            for permission in self.permissions:
                if not getattr(tilgang, permission.attribute):
                    return permission
        return None


_plans: dict[tuple[str, str], Plan | None] = {}


def _plan(parent_type: GraphQLObjectType, field_name: str) -> Plan | None:
    field_def = parent_type.fields.get(field_name)
    if field_def is None or field_def.args:
        return None
    field = (field_def.extensions or {}).get("strawberry-definition")
    if not isinstance(field, StrawberryField) or field.arguments:
        return None
    permissions: list[Sensitivitetsklasse] = []
    for extension in field.extensions:
        if not isinstance(extension, PermissionExtension) or extension.fail_silently:
            return None
        for permission in extension.permissions:
            if not isinstance(permission, Sensitivitetsklasse):
                return None
            permissions.append(permission)
    non_null = isinstance(field_def.type, GraphQLNonNull)
    return Plan(
        tuple(permissions),
        not non_null,
        _leaf(field, field_def.type, non_null),
        _resolve(field),
    )


class KontekstInfo:
    """What a resolver marked with :func:`context_only` gets as ``info``: the
    request's context, nothing else (building Strawberry's Info for every field costs)."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


def context_only(func: F) -> F:
    """Marks a resolver that reads nothing of ``info`` but ``info.context``."""
    func._bosetting_bare_kontekst = True  # type: ignore[attr-defined]
    return func


def _resolve(field: StrawberryField) -> Callable[[Any, Any], Any] | None:
    resolver = field.base_resolver
    if resolver is None:
        name = field.python_name
        return lambda source, context: getattr(source, name)
    if (
        resolver.is_async
        or resolver.root_parameter
        or resolver.parent_parameter
        or not resolver.self_parameter
    ):
        return None
    func: Any = resolver.wrapped_func
    info = resolver.info_parameter
    if info is None:
        return lambda source, context: func(source)
    if getattr(func, "_bosetting_bare_kontekst", False):
        name = info.name
        return lambda source, context: func(source, **{name: KontekstInfo(context)})
    return None


def _leaf(field: StrawberryField, type_: Any, non_null: bool) -> Callable[[Any, Any], Any] | None:
    leaf = type_.of_type if non_null else type_
    if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        return None
    read = _resolve(field)
    if read is None:
        return None
    serialize = leaf.serialize
    if isinstance(leaf, GraphQLEnumType):
        # The enum's own serialize maps a member to its name; a dict does it at once.
        names = {value.value: name for name, value in leaf.values.items()}
        general = serialize

        def serialize(value: Any) -> Any:
            try:
                return names[value]
            except (KeyError, TypeError):
                return general(value)

    def value(source: Any, context: Any) -> Any:
        try:
            result = read(source, context)
        except Exception:
            return SLOW
        if result is None:
            return SLOW if non_null else None
        if hasattr(result, "__await__"):
            return SLOW
        serialized = serialize(result)
        if serialized is None or serialized is Undefined:
            return SLOW
        return serialized

    return value


def plan_for(parent_type: GraphQLObjectType, field_name: str) -> Plan | None:
    key = (parent_type.name, field_name)
    try:
        return _plans[key]
    except KeyError:
        plan = _plans[key] = _plan(parent_type, field_name)
        return plan


def _denial(permission: Sensitivitetsklasse) -> GraphQLError:
    """The error Strawberry's ``BasePermission.on_unauthorized`` raises."""
    error = permission.error_class(permission.message or "")
    if permission.error_extensions:
        if not error.extensions:
            error.extensions = {}
        error.extensions.update(permission.error_extensions)
    return error


class BosettingExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with planned fields (see the module's text)."""

    def execute_root_grouped_field_set(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        position_context: Any,
    ) -> Any:
        """A read the compiler covers runs as one statement (resolvers/compiled); any other
        operation, and every mutation, runs field by field."""
        plan = None if serially else compiled_plan(self, root_type, grouped_field_set)
        _record(self.context_value, "standard" if plan is None else "compiled")
        if plan is not None:
            return self.execute_compiled(root_type, grouped_field_set, plan)
        return super().execute_root_grouped_field_set(
            root_type, root_value, grouped_field_set, serially, position_context
        )

    async def execute_compiled(
        self, root_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet, plan: Any
    ) -> dict[str, Any]:
        """The root's data from the compiled statement; each denied field of the person gets
        the error the standard execution gives it, in the same order (the synchronous fields'
        first, then those whose resolvers are asynchronous)."""
        from schema.extensions import unlogged

        context = self.context_value
        root_path = Path(None, plan.root.key, root_type.name)
        try:
            answer = await context.compiler.run(context, plan)
        except IntegrityError as error:
            # Only the innsynslogg's insert writes: as when the log of a standard read cannot
            # be written, the answer carries no data (nothing was read either).
            raise unlogged(context, error) from error
        except Exception as raw_error:
            # As a fault of the root field's resolver (masked, classified by InternalErrors).
            field_def = root_type.fields[plan.root.field]
            self.handle_field_error(raw_error, field_def.type, plan.details, root_path)
            return {
                key: None if key == plan.root.key else root_type.name for key in grouped_field_set
            }
        data: dict[str, Any] = {}
        for key in grouped_field_set:
            if key != plan.root.key:
                data[key] = root_type.name  # the other root fields are __typename
            elif answer.json is None:
                data[key] = None
            elif getattr(context, "raw_json", False):
                data[key] = orjson.Fragment(answer.json)
            else:
                data[key] = orjson.loads(answer.json)
        if answer.json is not None:
            for denial, path in denials(
                plan.guarded, answer.tilganger, root_path, answer.positions
            ):
                self.collected_errors.add(denial, path)
        return data

    _step_cache: dict[
        tuple[str, int], tuple[GroupedFieldSet, list[tuple[str, FieldDetailsList, Plan | None]]]
    ]

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        """graphql-core's, without "Did you mean" in the errors of coercing variables and
        arguments: a suggestion spells out the schema's names even with introspection off."""
        kwargs["hide_suggestions"] = True
        return super().build(*args, **kwargs)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        context = self.context_value
        try:
            for response_name, field_details_list, plan in self._steps(
                parent_type, grouped_field_set
            ):
                if plan is not None:
                    denied = plan.denied(source_value) if plan.permissions else None
                    if denied is None:
                        if plan.leaf is not None:
                            value = plan.leaf(source_value, context)
                            if value is not SLOW:
                                results[response_name] = value
                                continue
                        elif plan.resolve is not None:
                            result = self.execute_planned(
                                plan.resolve,
                                parent_type,
                                source_value,
                                field_details_list,
                                Path(path, response_name, parent_type.name),
                                position_context,
                            )
                            results[response_name] = result
                            if is_awaitable(result):
                                awaitable_fields.append(response_name)
                            continue
                    elif plan.nullable:
                        # What the standard path does with the raised denial.
                        field_path = Path(path, response_name, parent_type.name)
                        error = located_error(
                            _denial(denied), to_nodes(field_details_list), field_path.as_list()
                        )
                        self.collected_errors.add(error, field_path)
                        results[response_name] = None
                        continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _steps(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> list[tuple[str, FieldDetailsList, Plan | None]]:
        """The fields of a selection with their plans, worked out once per selection (graphql-
        core hands every item of a list the same grouped field set)."""
        try:
            cache = self._step_cache
        except AttributeError:
            cache = self._step_cache = {}
        key = (parent_type.name, id(grouped_field_set))
        hit = cache.get(key)
        if hit is not None and hit[0] is grouped_field_set:
            return hit[1]
        steps = [
            (
                name,
                details,
                plan_for(parent_type, details[0].node.name.value) if _plain(details) else None,
            )
            for name, details in grouped_field_set.items()
        ]
        cache[key] = (grouped_field_set, steps)
        return steps

    def execute_planned(
        self,
        resolve: Callable[[Any, Any], Any],
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``execute_field``, with the planned resolver in place of Strawberry's
        wrapper (permissions were checked by the caller, there are no arguments)."""
        field_def = parent_type.fields[field_details_list[0].node.name.value]
        return_type = field_def.type
        try:
            result = resolve(source, self.context_value)
            if self.is_awaitable(result):
                info = self.build_resolve_info(
                    field_def, to_nodes(field_details_list), parent_type, path
                )
                return self.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            completed = self.complete_planned(
                return_type, field_details_list, parent_type, path, result, position_context
            )
            if self.is_awaitable(completed):

                async def await_completed() -> Any:
                    try:
                        return await completed
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, return_type, field_details_list, path)
                        return None

                return await_completed()
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    def complete_planned(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        parent_type: GraphQLObjectType,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``complete_value`` for the common shapes (non-null, lists of plain
        values, leaves, objects without ``is_type_of``), step for step; any other shape goes to
        the standard ``complete_value``."""
        if isinstance(result, Exception):
            raise result
        if isinstance(return_type, GraphQLNonNull):
            completed = self.complete_planned(
                return_type.of_type,
                field_details_list,
                parent_type,
                path,
                result,
                position_context,
            )
            if completed is None:
                field_name = field_details_list[0].node.name.value
                msg = f"Cannot return null for non-nullable field {parent_type}.{field_name}."
                raise TypeError(msg)
            return completed
        if result is None or result is Undefined:
            return None
        if isinstance(return_type, GraphQLList):
            if isinstance(result, list) and not any(map(self.is_awaitable, result)):
                return self.complete_plain_list(
                    return_type.of_type,
                    field_details_list,
                    parent_type,
                    path,
                    result,
                    position_context,
                )
        elif isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
            return self.complete_leaf_value(return_type, result)
        elif isinstance(return_type, GraphQLObjectType) and not return_type.is_type_of:
            return self.collect_and_execute_subfields(
                return_type, field_details_list, path, result, position_context
            )
        field_def = parent_type.fields[field_details_list[0].node.name.value]
        info = self.build_resolve_info(field_def, to_nodes(field_details_list), parent_type, path)
        return self.complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_plain_list(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        parent_type: GraphQLObjectType,
        path: Path,
        items: list[Any],
        position_context: Any,
    ) -> Any:
        """graphql-core's ``complete_iterable_value`` and ``complete_list_item_value`` for a
        list without awaitable items (and no @stream: the field carries no such directive)."""
        completed_results: list[Any] = []
        awaitable_indices: list[int] = []
        is_awaitable = self.is_awaitable
        try:
            for index, item in enumerate(items):
                item_path = path.add_key(index, None)
                try:
                    completed_item = self.complete_planned(
                        item_type,
                        field_details_list,
                        parent_type,
                        item_path,
                        item,
                        position_context,
                    )
                    if is_awaitable(completed_item):
                        completed_results.append(
                            self._await_item(
                                completed_item, item_type, field_details_list, item_path
                            )
                        )
                        awaitable_indices.append(index)
                        continue
                    completed_results.append(completed_item)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    completed_results.append(None)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed_results[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed_results

        async def get_completed_results() -> list[Any]:
            if len(awaitable_indices) == 1:
                index = awaitable_indices[0]
                completed_results[index] = await completed_results[index]
            else:
                awaited = await gather_with_cancel(
                    *(completed_results[i] for i in awaitable_indices)
                )
                for index, sub_result in zip(awaitable_indices, awaited, strict=True):
                    completed_results[index] = sub_result
            return completed_results

        return get_completed_results()

    async def _await_item(
        self,
        completed_item: Any,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        item_path: Path,
    ) -> Any:
        try:
            return await completed_item
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, field_details_list, item_path)
            return None


_PERMISSIONS: dict[str, Sensitivitetsklasse] = {
    permission.attribute: permission
    for permission in (LeseIdentitet(), LeseGrunndata(), LesePersonmappe())
}


def denials(
    guarded: list[Any],
    tilganger: list[Any],
    root_path: Path,
    positions: list[tuple[int, ...]] | None = None,
) -> Iterator[tuple[GraphQLError, Path]]:
    """The errors of the denied fields, in the standard execution's order: the synchronous
    fields' row by row in document order, then those whose resolvers are asynchronous; none
    inside an object that is itself denied (null). ``positions``: each decision's indices in
    the lists of rows on the path (default: its index in ``tilganger``)."""
    for deferred in (False, True):
        for index, tilgang in enumerate(tilganger):
            indices = (index,) if positions is None else positions[index]
            if tilgang is None:  # a position that is null without an error
                continue
            denied: list[tuple[Any, ...]] = []
            for field in guarded:
                if getattr(tilgang, field.klasse):
                    continue
                inside = any(field.path[: len(outer)] == outer for outer in denied)
                denied.append(field.path)
                if inside or field.deferred != deferred:
                    continue
                path = root_path
                position = iter(indices)
                for key in field.path[1:]:
                    path = path.add_key(next(position) if key == -1 else key, None)  # a row
                error = located_error(
                    _denial(_PERMISSIONS[field.klasse]), to_nodes(field.details), path.as_list()
                )
                yield error, path


def compiled_plan(
    executor: BosettingExecutor, root_type: GraphQLObjectType, fields: GroupedFieldSet
) -> Any:
    """The compiler's plan of the operation, or None when there is no compiler (the request
    runs field by field) or it does not cover the operation."""
    context = executor.context_value
    compiler = getattr(context, "compiler", None)
    if compiler is None or context.principal is None or root_type.name != "Query":
        return None
    return compiler.plan(executor, root_type, fields)


def _record(context: Any, execution: str) -> None:
    """Which execution ran: a span attribute, and the request's state for its metric label."""
    trace.get_current_span().set_attribute("bosetting.execution", execution)
    state = getattr(getattr(context, "request", None), "scope", {}).get("state")
    if isinstance(state, dict):
        state["execution"] = execution


def _plain(field_details_list: FieldDetailsList) -> bool:
    """No arguments and no directive beyond @include/@skip (already applied) on any node."""
    for details in field_details_list:
        node = details.node
        if node.arguments or details.fragment_variable_values:
            return False
        for directive in node.directives or ():
            if directive.name.value not in ("include", "skip"):
                return False
    return True
