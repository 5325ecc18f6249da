package coordinator

import (
	"flag"
	"os"
	"testing"
)

// TestMain turns on the snapshot check (see checkSnapshots) for every test
// in the package; benchmarks run without it, as production does.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		checkSnapshots = true
	}
	os.Exit(m.Run())
}
