package job

import (
	"strings"
	"testing"

	"github.com/rendergrid/rendergrid/api"
)

// TestValidateLighting: a render job's lighting fields are checked at
// submit with the field named, and the strength defaults to 1 with a map.
func TestValidateLighting(t *testing.T) {
	const cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
	bg := func(r, g, b float64) *[3]float64 { return &[3]float64{r, g, b} }
	for _, tc := range []struct {
		name string
		spec api.JobSpec
		want string // "" for valid
	}{
		{"map", api.JobSpec{Env: cid}, ""},
		{"background", api.JobSpec{Background: bg(0.1, 0.2, 0.3)}, ""},
		{"not a CID", api.JobSpec{Env: "sky.hdr"}, "env \"sky.hdr\" is not a CID"},
		{"strength without a map", api.JobSpec{EnvStrength: 2}, "need env"},
		{"negative strength", api.JobSpec{Env: cid, EnvStrength: -1}, "env_strength -1"},
		{"huge strength", api.JobSpec{Env: cid, EnvStrength: 1e9}, "env_strength 1e+09"},
		{"negative background", api.JobSpec{Background: bg(0, -1, 0)}, "background"},
		{"map and background", api.JobSpec{Env: cid, Background: bg(1, 1, 1)}, "not both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			err := validateLighting(&s)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if tc.want == "" && s.Env != "" && s.EnvStrength != 1 {
				t.Errorf("strength %v, want the default 1", s.EnvStrength)
			}
		})
	}
}
