package chain

import (
	"errors"
	"fmt"
	"math/bits"
)

// MaxFeeBPS is the highest network fee: 100%, in basis points.
const MaxFeeBPS = 10_000

// ErrOverflow is returned when an amount does not fit in 64 bits.
var ErrOverflow = errors.New("amount overflows 64-bit base units")

// Add returns a+b, or ErrOverflow.
func Add(a, b uint64) (uint64, error) {
	s, c := bits.Add64(a, b, 0)
	if c != 0 {
		return 0, ErrOverflow
	}
	return s, nil
}

// Mul returns a*b, or ErrOverflow.
func Mul(a, b uint64) (uint64, error) {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		return 0, ErrOverflow
	}
	return lo, nil
}

// Price says what an artist pays for a job: per frame, or per million
// pixel-samples (pixels × spp), in base units. At most one is non-zero.
type Price struct {
	PerFrame uint64 `json:"per_frame,omitempty"`
	PerMPS   uint64 `json:"per_megapixel_sample,omitempty"`
}

// Zero reports whether the job is free.
func (p Price) Zero() bool { return p.PerFrame == 0 && p.PerMPS == 0 }

// Validate checks that at most one rate is set.
func (p Price) Validate() error {
	if p.PerFrame != 0 && p.PerMPS != 0 {
		return errors.New("give a price per frame or per megapixel-sample, not both")
	}
	return nil
}

// Unit is the price of one unit (a frame, or one of tiles tiles of it) of
// pixels pixels at spp samples. A frame's tiles share its per-frame price,
// the last tile taking the remainder; per megapixel-sample prices round
// up so that no unit of work is free.
func (p Price) Unit(tile, tiles int, pixels, spp uint64) (uint64, error) {
	if p.PerFrame != 0 {
		if tiles <= 1 {
			return p.PerFrame, nil
		}
		share := p.PerFrame / uint64(tiles)
		if tile == tiles-1 {
			share += p.PerFrame % uint64(tiles)
		}
		return share, nil
	}
	if p.PerMPS == 0 {
		return 0, nil
	}
	work, err := Mul(pixels, spp)
	if err != nil {
		return 0, err
	}
	hi, lo := bits.Mul64(work, p.PerMPS)
	if hi >= 1_000_000 {
		return 0, ErrOverflow
	}
	q, r := bits.Div64(hi, lo, 1_000_000)
	if r != 0 {
		if q, err = Add(q, 1); err != nil {
			return 0, err
		}
	}
	return q, nil
}

// Fee is the network's share of amount at bps basis points, rounded down.
func Fee(amount uint64, bps uint64) (uint64, error) {
	if bps > MaxFeeBPS {
		return 0, fmt.Errorf("fee %d bps is over 100%%", bps)
	}
	hi, lo := bits.Mul64(amount, bps)
	q, _ := bits.Div64(hi, lo, MaxFeeBPS)
	return q, nil
}
