package cli

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(args ...string) error {
	app := newApp()
	return app.Run(interspersed(app, append([]string{"rendergrid"}, args...)))
}

// TestRenderCommand renders with flags after the scene, as users type them,
// and writes both outputs.
func TestRenderCommand(t *testing.T) {
	dir := t.TempDir()
	png, exr := filepath.Join(dir, "f.png"), filepath.Join(dir, "f.exr")
	if err := run("render", "sample:anim", "--frame", "3", "--spp", "2", "--res", "32x18", "-o", png, "--linear", exr, "-q"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{png, exr} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"render", "sample:cornell", "--res", "0x10", "-q"}, "resolution 0x10"},
		{[]string{"render", "sample:cornell", "--res", "wide", "-q"}, `resolution "wide" is not WIDTHxHEIGHT`},
		{[]string{"render", "sample:cornell", "--spp", "0", "-q"}, "spp 0"},
		{[]string{"render", "sample:cornell", "--region", "1,2,3", "-q"}, `region "1,2,3"`},
		{[]string{"render", "sample:cornell", "--res", "8x8", "--region", "0,0,9,9", "-q"}, "region 0,0,9,9"},
		{[]string{"render", "sample:cornell", "--camera", "nope", "-q"}, `camera "nope" not found`},
		{[]string{"render", "sample:nope", "-q"}, `no sample scene "nope"`},
		{[]string{"render", "missing.glb", "-q"}, "scene missing.glb"},
		{[]string{"render", "../../scenes/testdata/truncated.glb", "-q"}, "truncated.glb: GLB is truncated"},
		{[]string{"render", "sample:cornell", "--engine", "magic", "-q"}, `unknown engine "magic"`},
		{[]string{"scene", "inspect"}, "exactly one scene"},
		{[]string{"render", "sample:cornell", "--linear", "out.png", "-q"}, "name the file *.exr"},
		{[]string{"render", "sample:cornell", "--max-triangles", "10", "-q"}, "raise it with --max-triangles"},
	}
	for _, tt := range tests {
		err := run(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("rendergrid %s = %v, want an error containing %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

func TestInterspersed(t *testing.T) {
	app := newApp()
	got := strings.Join(interspersed(app, []string{"rg", "render", "a.glb", "--spp", "4", "-q", "--res=8x8"}), " ")
	if want := "rg render --spp 4 -q --res=8x8 a.glb"; got != want {
		t.Errorf("interspersed = %q, want %q", got, want)
	}
}

// TestCoordinatorFlagsChecked: flags that cannot work together are
// refused before anything starts, naming the flags; the coordinator and
// worker packages name their settings, and the CLI adds the flags.
func TestCoordinatorFlagsChecked(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--chain", "bogus"}, `--chain "bogus": use embedded or evm`},
		{[]string{"--chain", "evm"}, "--chain evm needs --rpc URL"},
		{[]string{"--rpc", "http://127.0.0.1:1"}, "--rpc needs --escrow"},
		{[]string{"--raft", "0.0.0.0:0"}, "give --raft-advertise"},
	} {
		err := run(append([]string{"coordinator", "--data", data, "--http", "127.0.0.1:0"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("coordinator %v: %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "raft")); err == nil {
		t.Error("a refused coordinator created its Raft data")
	}
	err := run("worker", "--data", t.TempDir(), "--coordinator", "http://127.0.0.1:1", "--engine", "cpu")
	if err == nil || !strings.Contains(err.Error(), "not registered yet") || !strings.Contains(err.Error(), "--token") {
		t.Errorf("a worker without a token: %v, want it told to give --token", err)
	}
}

// TestEqualQuality: the bench's equal-quality search interpolates between
// the last render below the target SSIM and the first at or above it.
func TestEqualQuality(t *testing.T) {
	runs := []qualityRun{{32, 0.90, 0.5}, {48, 0.94, 0.75}, {64, 0.96, 1.0}, {80, 0.97, 1.25}}
	for _, tc := range []struct {
		target, spp, secs float64
		ok                bool
	}{
		{0.90, 32, 0.5, true},
		{0.92, 40, 0.625, true},
		{0.965, 72, 1.125, true},
		{0.97, 80, 1.25, true},
		{0.99, 0, 0, false},
	} {
		spp, secs, ok := equalQuality(runs, tc.target)
		if ok != tc.ok || math.Abs(spp-tc.spp) > 1e-9 || math.Abs(secs-tc.secs) > 1e-9 {
			t.Errorf("target %.3f: %.2f spp %.3fs %v, want %.2f spp %.3fs %v", tc.target, spp, secs, ok, tc.spp, tc.secs, tc.ok)
		}
	}
}
