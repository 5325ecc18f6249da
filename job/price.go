package job

import (
	"fmt"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/render/proof"
)

// RedundantDefault is the percentage of frames the redundant policy
// renders twice when the job does not say.
const RedundantDefault = 10

// Need is how many renders unit i of a job with spec gets: 2 for the
// redundancy percentage of units (a fixed multiplicative hash spreads them
// over the job), else 1.
func Need(spec *api.JobSpec, i int) int {
	if spec.Verify != proof.Redundant {
		return 1
	}
	if uint32(i)*2654435761%100 < uint32(spec.Redundancy) {
		return 2
	}
	return 1
}

// UnitPrice is what one render of unit i of spec pays.
func UnitPrice(spec *api.JobSpec, i int) (uint64, error) {
	t := spec.Tiles()
	tile := i % t
	w, h := uint64(spec.Width), uint64(spec.Height)
	if r := spec.TileRegion(tile); r != [4]int{} {
		w, h = uint64(r[2]-r[0]), uint64(r[3]-r[1])
	}
	return spec.Price.Unit(tile, t, w*h, uint64(spec.SPP))
}

// Cost is the most a job can cost: every unit's price times its
// renders.
func Cost(spec *api.JobSpec) (uint64, error) {
	var total uint64
	n := (spec.FrameEnd - spec.FrameStart + 1) * spec.Tiles()
	for i := range n {
		p, err := UnitPrice(spec, i)
		if err == nil {
			p, err = chain.Mul(p, uint64(Need(spec, i)))
		}
		if err == nil {
			total, err = chain.Add(total, p)
		}
		if err != nil {
			return 0, fmt.Errorf("the job's price overflows: unit %d costs more than 2^64 base units in total; lower the price", i)
		}
	}
	if total > 1<<63-1 {
		return 0, fmt.Errorf("the job's maximum cost %d is over 2^63-1 base units; lower the price", total)
	}
	return total, nil
}

// SpentPrice is what a render of unit i that took samples camera paths
// pays. An adaptive job priced per megapixel-sample pays for the samples
// taken, at most the unit's cap (spp × pixels, what its escrow locked);
// every other job pays UnitPrice.
func SpentPrice(spec *api.JobSpec, i int, samples uint64) (uint64, error) {
	full, err := UnitPrice(spec, i)
	if err != nil || !spec.Adaptive() || spec.Price.PerMPS == 0 {
		return full, err
	}
	t := spec.Tiles()
	p, err := spec.Price.Unit(i%t, t, samples, 1)
	if err != nil {
		return full, err
	}
	return min(p, full), nil
}

// SampleRange is the fewest and most camera paths a render of tile tile
// of spec can take: every pixel at the floor (adaptive sampling's min
// spp, else spp) and every pixel at spp.
func SampleRange(spec *api.JobSpec, tile int) (lo, hi uint64) {
	w, h := UnitSize(spec, tile)
	px := uint64(w) * uint64(h)
	return px * uint64(SettingsFor(spec, tile, nil).MinSamples()), px * uint64(spec.SPP)
}

// SamplesInRange reports whether samples is within SampleRange.
func SamplesInRange(spec *api.JobSpec, tile int, samples uint64) bool {
	lo, hi := SampleRange(spec, tile)
	return samples >= lo && samples <= hi
}
