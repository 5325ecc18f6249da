package state

import (
	"slices"
	"strings"

	"github.com/rendergrid/rendergrid/api"
)

// eligible reports whether worker w may render units of j.
func Eligible(j *Job, id string, w *Worker) bool {
	if j.Blocked[id] {
		return false
	}
	if j.Spec.Engine != "" && !slices.Contains(w.Caps.Engines, j.Spec.Engine) {
		return false
	}
	if j.Spec.Blender != "" && w.Caps.Blender != j.Spec.Blender {
		return false
	}
	if j.Spec.Engine == api.EngineBlender && !slices.Contains(w.Caps.BlenderDevices, j.Spec.Device()) {
		// A worker from before devices were reported renders on the CPU.
		if len(w.Caps.BlenderDevices) > 0 || j.Spec.Device() != "CPU" {
			return false
		}
	}
	if j.Spec.AI() {
		if _, ok := w.Caps.Model(j.Spec); !ok {
			return false
		}
	}
	for _, t := range j.Spec.Tags {
		if !slices.ContainsFunc(w.Caps.Tags, func(h string) bool { return strings.EqualFold(h, t) }) {
			return false
		}
	}
	return true
}
