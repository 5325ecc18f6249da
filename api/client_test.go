package api

import "testing"

func TestParseFrames(t *testing.T) {
	tests := []struct {
		in         string
		start, end int
		bad        bool
	}{
		{"7", 7, 7, false}, {"1-120", 1, 120, false}, {" 3 - 5 ", 3, 5, false}, {"a-b", 0, 0, true}, {"1-", 0, 0, true}, {"", 0, 0, true},
	}
	for _, tc := range tests {
		s, e, err := ParseFrames(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && (s != tc.start || e != tc.end)) {
			t.Errorf("ParseFrames(%q) = %d, %d, %v", tc.in, s, e, err)
		}
	}
}

func TestNewClientURLs(t *testing.T) {
	c, err := NewClient([]string{"http://a:1, https://b:2/"}, "", nil)
	if err != nil || len(c.URLs()) != 2 || c.URLs()[1] != "https://b:2" {
		t.Fatalf("%v %v", c, err)
	}
	for _, bad := range []string{"", "ftp://x", "localhost:8080"} {
		if _, err := NewClient([]string{bad}, "", nil); err == nil {
			t.Errorf("NewClient(%q) accepted", bad)
		}
	}
}

func TestTileRegion(t *testing.T) {
	s := JobSpec{Width: 10, Height: 5, TilesX: 3, TilesY: 2}
	if r := s.TileRegion(4); r != [4]int{3, 2, 6, 5} {
		t.Errorf("tile 4 of 3x2 over 10x5: %v", r)
	}
	if r := (JobSpec{Width: 10, Height: 5}).TileRegion(0); r != [4]int{} {
		t.Errorf("untiled region %v", r)
	}
}
