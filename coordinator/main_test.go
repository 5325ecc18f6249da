package coordinator_test

import (
	"flag"
	"os"
	"testing"

	"github.com/rendergrid/rendergrid/coordinator/state"
)

// TestMain turns on the snapshot check (see state.CheckSnapshots) for every test
// in the package; benchmarks run without it, as production does.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		state.CheckSnapshots = true
	}
	os.Exit(m.Run())
}
