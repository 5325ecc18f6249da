package state

import "fmt"

// Codes of Error: what kind of refusal it is. The HTTP API maps each to a
// status; the state machine knows nothing of HTTP.
const (
	CodeBadRequest   = "bad_request"
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
	CodeNotFound     = "not_found"
	CodeConflict     = "conflict"
	CodeStaleLease   = "stale_lease"
	CodeTooLarge     = "too_large"
	CodeUnavailable  = "unavailable"
	CodeInternal     = "internal"
	CodeFunds        = "insufficient_funds"
	CodeQuota        = "quota"
	CodeKeyReused    = "idempotency_key_reused"
)

// Error is a command the state machine refused: a code and a sentence
// for the user. Errors are deterministic (every node refuses the same
// command with the same Error) and are kept with idempotency keys, so a
// retried command gets the same refusal; its JSON is the API's error body.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"error"`
}

func (e *Error) Error() string { return e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// tooMany is a refusal because a quota of the caller is used up.
func tooMany(format string, args ...any) *Error {
	return errorf(CodeQuota, format, args...)
}

func badRequest(format string, args ...any) *Error {
	return errorf(CodeBadRequest, format, args...)
}

func notFound(format string, args ...any) *Error {
	return errorf(CodeNotFound, format, args...)
}

func conflict(format string, args ...any) *Error {
	return errorf(CodeConflict, format, args...)
}

func forbidden(format string, args ...any) *Error {
	return errorf(CodeForbidden, format, args...)
}
