"""Resolvers: queries, mutations, loaders and workflows, kept apart from the types they fill."""
