"""Travel grants and activities backend: library code shared by every Lambda function.

Records (immutable values handed between the store, the services and the API) are
`typing.NamedTuple`s rather than frozen dataclasses. They are as immutable, and a cold
start defines them at about a third of the cost: Python 3.11 compiles six generated
methods for each frozen dataclass (~0.65 ms a class here) against one for a NamedTuple
(~0.2 ms), and ~25 of them load with `app`. Mutable working state (`routing.Ctx`,
`grants.GrantPartition`) stays a dataclass. Use `_replace` where `dataclasses.replace`
would be used; a record is a tuple, so never compare one with a plain tuple or unpack it.
"""
