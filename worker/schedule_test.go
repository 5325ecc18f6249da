package worker

import (
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, time.Local) }
	tests := []struct {
		window string
		t      time.Time
		asleep bool
	}{
		{"09:00-18:00", at(12, 0), true},
		{"09:00-18:00", at(18, 0), false},
		{"09:00-18:00", at(8, 59), false},
		{"22:00-07:00", at(23, 30), true},
		{"22:00-07:00", at(6, 59), true},
		{"22:00-07:00", at(7, 0), false},
	}
	for _, tc := range tests {
		s, err := ParseSchedule(tc.window)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Asleep(tc.t); got != tc.asleep {
			t.Errorf("%s at %s: asleep %v, want %v", tc.window, tc.t.Format("15:04"), got, tc.asleep)
		}
	}
	for _, bad := range []string{"9-5", "09:00", "25:00-01:00", "10:00-10:00"} {
		if _, err := ParseSchedule(bad); err == nil {
			t.Errorf("ParseSchedule(%q) accepted", bad)
		}
	}
	var none *Schedule
	if none.Asleep(at(12, 0)) {
		t.Error("no schedule is asleep")
	}
}
