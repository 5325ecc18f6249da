package httpapi

import _ "embed"

// OpenAPI is the API's OpenAPI 3 description, served at
// /api/v1/openapi.yaml; the tests check the handlers against it.
//
//go:embed openapi.yaml
var OpenAPI []byte
