package state

import (
	"testing"

	"github.com/rendergrid/rendergrid/api"
)

// TestEligible: a worker takes a job only with the job's engine, Blender
// version, Cycles device and tags, and never a job that blocked it.
func TestEligible(t *testing.T) {
	blend := func(version, device string) *Job {
		return &Job{Spec: api.JobSpec{Engine: api.EngineBlender, Blender: version, BlenderDevice: device}, Blocked: map[string]bool{}}
	}
	worker := func(version string, devices ...string) *Worker {
		return &Worker{Caps: api.Capabilities{Engines: []string{"cpu", api.EngineBlender}, Blender: version, BlenderDevices: devices}}
	}
	for _, tc := range []struct {
		name string
		job  *Job
		w    *Worker
		want bool
	}{
		{"any blender, CPU", blend("", ""), worker("3.4.1", "CPU"), true},
		{"pinned version", blend("4.3.2", ""), worker("3.4.1", "CPU"), false},
		{"same version", blend("3.4.1", "CPU"), worker("3.4.1", "CPU"), true},
		{"GPU job, CPU worker", blend("", "OPTIX"), worker("3.4.1", "CPU"), false},
		{"GPU job, other backend", blend("", "OPTIX"), worker("3.4.1", "CPU", "CUDA"), false},
		{"GPU job, its backend", blend("", "OPTIX"), worker("3.4.1", "CPU", "OPTIX"), true},
		{"CPU job, GPU worker", blend("", "CPU"), worker("3.4.1", "CPU", "OPTIX"), true},
		{"CPU job, worker from before devices", blend("", ""), worker("3.4.1"), true},
		{"GPU job, worker from before devices", blend("", "CUDA"), worker("3.4.1"), false},
		{"no blender", blend("", ""), &Worker{Caps: api.Capabilities{Engines: []string{"cpu"}}}, false},
		{"tags", &Job{Spec: api.JobSpec{Tags: []string{"big"}}}, &Worker{Caps: api.Capabilities{Tags: []string{"BIG"}}}, true},
		{"missing tag", &Job{Spec: api.JobSpec{Tags: []string{"big"}}}, &Worker{}, false},
		{"blocked", &Job{Blocked: map[string]bool{"w1": true}}, &Worker{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Eligible(tc.job, "w1", tc.w); got != tc.want {
				t.Errorf("Eligible = %v, want %v", got, tc.want)
			}
		})
	}
}
