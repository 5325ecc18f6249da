package httpapi

import (
	"fmt"
	"net/http"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator/state"
)

// CodeVerification: a receipt failed proof of render.
const CodeVerification = "verification_failed"

// statusOf is the HTTP status of an error code: the one place the state
// machine's refusals become statuses.
func statusOf(code string) int {
	switch code {
	case state.CodeBadRequest:
		return http.StatusBadRequest
	case state.CodeUnauthorized:
		return http.StatusUnauthorized
	case state.CodeForbidden:
		return http.StatusForbidden
	case state.CodeNotFound:
		return http.StatusNotFound
	case state.CodeConflict, state.CodeStaleLease:
		return http.StatusConflict
	case state.CodeFunds:
		return http.StatusPaymentRequired
	case state.CodeQuota:
		return http.StatusTooManyRequests
	case state.CodeKeyReused, CodeVerification:
		return http.StatusUnprocessableEntity
	case state.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case state.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiError is a state machine's refusal as the API answers it.
func apiError(e *state.Error) *api.Error {
	if e == nil {
		return nil
	}
	return &api.Error{Status: statusOf(e.Code), Code: e.Code, Message: e.Message}
}

// httpStatus is the status of an answer's error, or 200.
func httpStatus(e *api.Error) int {
	if e == nil {
		return http.StatusOK
	}
	if e.Status == 0 {
		return statusOf(e.Code)
	}
	return e.Status
}

func errorf(status int, code, format string, args ...any) *api.Error {
	return &api.Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// tooMany is a refusal because a quota of the caller is used up (429).
func tooMany(format string, args ...any) *api.Error {
	return errorf(http.StatusTooManyRequests, state.CodeQuota, format, args...)
}

func badRequest(format string, args ...any) *api.Error {
	return errorf(http.StatusBadRequest, state.CodeBadRequest, format, args...)
}

func notFound(format string, args ...any) *api.Error {
	return errorf(http.StatusNotFound, state.CodeNotFound, format, args...)
}

func conflict(format string, args ...any) *api.Error {
	return errorf(http.StatusConflict, state.CodeConflict, format, args...)
}

func forbidden(format string, args ...any) *api.Error {
	return errorf(http.StatusForbidden, state.CodeForbidden, format, args...)
}
