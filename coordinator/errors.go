package coordinator

import (
	"fmt"
	"net/http"

	"github.com/rendergrid/rendergrid/api"
)

// Error codes of api.Error.
const (
	codeBadRequest   = "bad_request"
	codeUnauthorized = "unauthorized"
	codeForbidden    = "forbidden"
	codeNotFound     = "not_found"
	codeConflict     = "conflict"
	codeStaleLease   = "stale_lease"
	codeTooLarge     = "too_large"
	codeUnavailable  = "unavailable"
	codeInternal     = "internal"
	codeFunds        = "insufficient_funds"
	codeQuota        = "quota"
	codeKeyReused    = "idempotency_key_reused"
)

// tooMany is a refusal because a quota of the caller is used up (429).
func tooMany(format string, args ...any) *api.Error {
	return errorf(http.StatusTooManyRequests, codeQuota, format, args...)
}

func errorf(status int, code, format string, args ...any) *api.Error {
	return &api.Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *api.Error {
	return errorf(http.StatusBadRequest, codeBadRequest, format, args...)
}

func notFound(format string, args ...any) *api.Error {
	return errorf(http.StatusNotFound, codeNotFound, format, args...)
}

func conflict(format string, args ...any) *api.Error {
	return errorf(http.StatusConflict, codeConflict, format, args...)
}

func forbidden(format string, args ...any) *api.Error {
	return errorf(http.StatusForbidden, codeForbidden, format, args...)
}

// statusOf is the HTTP status of an api.Error decoded from a snapshot or
// log, where Status is not serialized.
func statusOf(e *api.Error) int {
	switch e.Code {
	case codeBadRequest:
		return http.StatusBadRequest
	case codeUnauthorized:
		return http.StatusUnauthorized
	case codeForbidden:
		return http.StatusForbidden
	case codeNotFound:
		return http.StatusNotFound
	case codeConflict, codeStaleLease:
		return http.StatusConflict
	case codeFunds:
		return http.StatusPaymentRequired
	case codeVerification:
		return http.StatusUnprocessableEntity
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
