package ipfs

import (
	"context"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/ipfs/internal/kubotest"
)

var benchDir = flag.String("benchdir", "", "directory (disk) for BenchmarkAddVsKubo's file and stores; default: the test's temporary directory")

// BenchmarkAddVsKubo adds the same 200 MiB file to a fresh embedded store
// (fsync on, as in production) and with Kubo's `ipfs add --offline` and the
// same import flags into a fresh Kubo repository, in one run, and reports
// both throughputs and their ratio. Kubo's time excludes its process start
// (measured as the add of an empty file, about 0.12 s here). Kubo
// comes from PATH or .kubo/ (`task interop` builds it).
func BenchmarkAddVsKubo(b *testing.B) {
	dir := *benchDir
	if dir == "" {
		dir = b.TempDir()
	}
	const size = 200 << 20
	file := filepath.Join(dir, "bench-200MiB.bin")
	w, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(file)
	if _, err := io.Copy(w, newDetReader("bench", size)); err != nil {
		b.Fatal(err)
	}
	w.Close()
	kubo := kubotest.Binary(b)
	// Kubo's default flatfs does not fsync; rendergrid's does. Both are
	// measured both ways, so each ratio compares like with like.
	type run struct {
		name string
		sync bool
		ours bool
		took time.Duration
	}
	runs := []*run{
		{name: "rendergrid-sync", sync: true, ours: true},
		{name: "kubo-sync", sync: true},
		{name: "rendergrid-nosync", ours: true},
		{name: "kubo-nosync"},
	}
	for i := 0; i < b.N; i++ {
		for _, r := range runs {
			d, err := os.MkdirTemp(dir, r.name+"-")
			if err != nil {
				b.Fatal(err)
			}
			if r.ours {
				r.took += addOurs(b, d, file, r.sync)
			} else {
				r.took += addKubo(b, kubo, d, file, r.sync)
			}
			os.RemoveAll(d)
		}
	}
	mbps := func(d time.Duration) float64 { return float64(size) * float64(b.N) / 1e6 / d.Seconds() }
	for _, r := range runs {
		b.ReportMetric(mbps(r.took), r.name+"-MB/s")
	}
	b.ReportMetric(mbps(runs[0].took)/mbps(runs[1].took), "x-kubo-sync")
	b.ReportMetric(mbps(runs[2].took)/mbps(runs[3].took), "x-kubo-nosync")
	b.ReportMetric(0, "ns/op")
}

// addOurs adds file to a fresh store in dir and returns how long it took.
func addOurs(b *testing.B, dir, file string, sync bool) time.Duration {
	s, err := Open(context.Background(), dir, Options{MaxUpload: 1 << 30, NoSync: !sync})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	if _, err := s.Add(context.Background(), f); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// addKubo runs `ipfs add --offline` with our import flags into a fresh
// Kubo repository in dir and returns how long the add took.
func addKubo(b *testing.B, kubo, dir, file string, sync bool) time.Duration {
	env := append(os.Environ(), "IPFS_PATH="+dir, "IPFS_TELEMETRY=off")
	if out, err := runEnv(env, kubo, "init", "--profile=test"); err != nil {
		b.Fatalf("ipfs init: %v\n%s", err, out)
	}
	spec := `{"type":"mount","mounts":[{"mountpoint":"/blocks","path":"blocks","prefix":"flatfs.datastore","shardFunc":"/repo/flatfs/shard/v1/next-to-last/2","sync":` +
		map[bool]string{true: "true", false: "false"}[sync] +
		`,"type":"flatfs"},{"compression":"none","mountpoint":"/","path":"datastore","prefix":"leveldb.datastore","type":"levelds"}]}`
	if out, err := runEnv(env, kubo, "config", "--json", "Datastore.Spec", spec); err != nil {
		b.Fatalf("ipfs config: %v\n%s", err, out)
	}
	add := func(f string) time.Duration {
		cmd := exec.Command(kubo, append(append([]string{"add", "--offline", "-Q"}, kuboAddFlags...), f)...)
		cmd.Env = env
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("ipfs add: %v\n%s", err, out)
		}
		return time.Since(start)
	}
	// Kubo's time less that of adding an empty file (process start, repo
	// open, lock), so only the import is compared.
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	overhead := add(empty)
	return add(file) - overhead
}
