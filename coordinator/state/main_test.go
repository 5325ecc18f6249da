package state

import (
	"flag"
	"os"
	"testing"
)

// TestMain turns on the snapshot check (see CheckSnapshots) for every test
// in the package; benchmarks run without it, as production does.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		CheckSnapshots = true
	}
	os.Exit(m.Run())
}
