/**
 * Integration files from other descriptions of an API (README, "Import from OpenAPI or Postman";
 * docs/reference.md, "`ion import`"): one operation of an OpenAPI description, or every request
 * of a Postman collection. Every file validates with no errors; credentials are `{{ secret.NAME }}`
 * references, never values.
 */
export { HTTP_METHODS, integrationFromOperation, listOperations, loadOpenApi, OpenApiImportError, operationStem, type FromOperationOptions, type ImportedFile, type OpenApiDocument, type OperationInfo } from './openapi';
export { toJsonSchema, sampleValue } from './json-schema';
export { postmanToIntegrations, PostmanImportError, type PostmanFile, type PostmanImport, type PostmanOptions } from './postman';
