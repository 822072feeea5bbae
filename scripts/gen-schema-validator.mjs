// Placeholder: the foundation issue generates src/core/generated/ from schemas/integration.schema.json.
