package worker

import (
	"fmt"
	"strings"
	"time"
)

// Schedule is a daily window in local time during which the worker takes
// no new work (the owner is using the machine, or power is dear).
type Schedule struct {
	From, To int // minutes after midnight; To < From wraps past midnight
}

// ParseSchedule parses "HH:MM-HH:MM", such as "09:00-18:00" or
// "22:00-07:00".
func ParseSchedule(s string) (*Schedule, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return nil, fmt.Errorf("sleep schedule %q: want HH:MM-HH:MM", s)
	}
	from, err1 := clock(a)
	to, err2 := clock(b)
	if err1 != nil || err2 != nil || from == to {
		return nil, fmt.Errorf("sleep schedule %q: want HH:MM-HH:MM with two different times", s)
	}
	return &Schedule{From: from, To: to}, nil
}

func clock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Asleep reports whether t falls in the window.
func (s *Schedule) Asleep(t time.Time) bool {
	if s == nil {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	if s.From < s.To {
		return m >= s.From && m < s.To
	}
	return m >= s.From || m < s.To
}

func (s *Schedule) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.From/60, s.From%60, s.To/60, s.To%60)
}
