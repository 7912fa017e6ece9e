"""Pydantic request/response models: validation and the OpenAPI schemas come from these."""
