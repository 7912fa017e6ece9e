"""Pydantic request models: body and query validation, and their OpenAPI schemas."""
