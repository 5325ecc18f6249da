package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rendergrid/rendergrid/render"
)

// progressBar draws render progress on a terminal (one line, redrawn) or, when
// the output is not a terminal, prints a line every 10%.
type progressBar struct {
	w        io.Writer
	label    string
	unit     string // what Done counts: " samples" or "B"
	tty      bool
	mu       sync.Mutex
	last     time.Time
	lastTens int64
}

func newProgressBar(w io.Writer, label string) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progressBar{w: w, label: label, unit: " samples", tty: tty, lastTens: -1}
}

// update is safe to call from the rendering goroutines.
func (p *progressBar) update(pr render.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	frac := float64(pr.Done) / float64(max(pr.Total, 1))
	rate := float64(pr.Done) / max(pr.Elapsed.Seconds(), 1e-9)
	left := "?"
	if pr.Done > 0 {
		left = time.Duration(float64(pr.Total-pr.Done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	if !p.tty {
		if tens := int64(frac * 10); tens > p.lastTens {
			p.lastTens = tens
			fmt.Fprintf(p.w, "%s: %3.0f%%  %s%s/s  %s left\n", p.label, frac*100, si(rate), p.unit, left)
		}
		return
	}
	if time.Since(p.last) < 100*time.Millisecond && pr.Done < pr.Total {
		return
	}
	p.last = time.Now()
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%  %s%s/s  %s left ", p.label,
		strings.Repeat("#", n), strings.Repeat(".", width-n), frac*100, si(rate), p.unit, left)
}

// done ends the progress line.
func (p *progressBar) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// si formats v with an SI suffix (k, M, G).
func si(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}
