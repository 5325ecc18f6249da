package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/scenes"
)

// TestEnvJobEndToEnd: a scene with no light of its own, submitted with
// the sample sky, rotated and stronger; the map travels by CID, the worker
// renders with it, the leader's verifier re-renders sampled pixels with it
// (every frame accepted), and rendergrid verify does too from the receipt.
func TestEnvJobEndToEnd(t *testing.T) {
	f := startFarm(t)
	f.startWorker(t, time.Second)
	out := capture(t, "submit", "sample:showcase", "--env", "sample:sky", "--env-strength", "1.5", "--env-rotation", "30",
		"--frames", "0-1", "--res", "32x18", "--spp", "2", "--json", "--wait")
	var j api.Job
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("submit --json --wait printed %q: %v", out, err)
	}
	if j.State != api.JobDone || j.Counts.Done != 2 {
		t.Fatalf("job after wait: %+v", j)
	}
	if j.Spec.Env == "" || j.Spec.EnvName != "sky.hdr" || j.Spec.EnvStrength != 1.5 || j.Spec.EnvRotation != 30 {
		t.Fatalf("the job's lighting: env %q (%s), strength %v, rotation %v", j.Spec.Env, j.Spec.EnvName, j.Spec.EnvStrength, j.Spec.EnvRotation)
	}
	if v := capture(t, "verify", j.ID, "1"); !strings.Contains(v, "the image is honest") {
		t.Errorf("verify: %s", v)
	}
	// The same map again, named by its CID: nothing to upload.
	out = capture(t, "submit", "sample:showcase", "--env", "ipfs:"+j.Spec.Env, "--frames", "0-0", "--res", "16x9", "--spp", "1", "--json", "--wait")
	if err := json.Unmarshal([]byte(out), &j); err != nil || j.State != api.JobDone {
		t.Fatalf("a job lit by ipfs:CID: %v %+v", err, j)
	}
}

// TestEnvBadInput: lighting that cannot work is refused before anything
// is uploaded, with the problem named.
func TestEnvBadInput(t *testing.T) {
	startFarm(t)
	dir := t.TempDir()
	sky, _ := scenes.SampleEnvBytes("sky")
	trunc := filepath.Join(dir, "cut.hdr")
	os.WriteFile(trunc, sky[:len(sky)/3], 0o644)
	notImage := filepath.Join(dir, "notes.exr")
	os.WriteFile(notImage, []byte("hello"), 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"submit", "sample:showcase", "--frames", "0-1"}, "nothing lights this scene"},
		{[]string{"submit", "sample:showcase", "--frames", "0-1", "--env", trunc}, "cut.hdr"},
		{[]string{"submit", "sample:showcase", "--frames", "0-1", "--env", notImage}, "neither Radiance"},
		{[]string{"submit", "sample:showcase", "--frames", "0-1", "--env", "sample:moon"}, "no sample environment"},
		{[]string{"submit", "sample:showcase", "--frames", "0-1", "--background", "1,2"}, "not R,G,B"},
		{[]string{"submit", "sample:showcase", "--frames", "0-1", "--background", "-1,0,0"}, "channel 1"},
		{[]string{"render", "sample:cornell", "--env", filepath.Join(dir, "missing.exr")}, "missing.exr"},
		{[]string{"submit", "sample:showcase", "--frames", "0-1", "--env", "ipfs:bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"}, "not stored on the coordinator"},
	} {
		err := run(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("rendergrid %s = %v, want an error containing %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}
