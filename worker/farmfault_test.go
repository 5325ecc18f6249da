package worker

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/rendergrid/rendergrid/api"
)

// TestFarmFault: what the farm could not do (5xx, nobody answering) is not
// counted as the worker's failure; what the coordinator refused is.
func TestFarmFault(t *testing.T) {
	for _, tc := range []struct {
		err  error
		farm bool
	}{
		{fmt.Errorf("uploading x: %w", &api.Error{Status: 507, Message: "disk full"}), true},
		{fmt.Errorf("uploading x: %w", &api.Error{Status: 503, Message: "no leader"}), true},
		{fmt.Errorf("uploading x: %w: %w", api.ErrUnreachable, errors.New("connection refused")), true},
		{fmt.Errorf("uploading x: %w", &api.Error{Status: 400, Message: "the CAR's root is y"}), false},
		{fmt.Errorf("uploading x: %w", &api.Error{Status: 413, Message: "too large"}), false},
		{fmt.Errorf("loading scene x: %w", unreachable{errors.New("fetch x from every gateway: 502")}), true},
		{context.Canceled, false},
		{errors.New("exporting x: block not found"), false},
	} {
		if got := farmFault(tc.err); got != tc.farm {
			t.Errorf("farmFault(%v) = %v, want %v", tc.err, got, tc.farm)
		}
	}
}
