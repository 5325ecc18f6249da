package vulkan

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/render/cpu"
	"github.com/rendergrid/rendergrid/render/denoise"
	"github.com/rendergrid/rendergrid/render/gpu"
	"github.com/rendergrid/rendergrid/render/gpu/gputest"
	"github.com/rendergrid/rendergrid/scenes"
)

// validated opens an engine with the validation layer; at the end of the
// test, any warning or error it reported fails the test.
func validated(t *testing.T) *Engine {
	t.Helper()
	e := &Engine{Best: true, Validation: true}
	name, err := e.Open()
	if err != nil {
		t.Fatalf("%v\n(the tests need Vulkan and its validation layer: apt install mesa-vulkan-drivers libvulkan-dev vulkan-validationlayers, as task deps does)", err)
	}
	t.Logf("device: %s", name)
	t.Cleanup(func() {
		if n, first := e.Messages(); n > 0 {
			t.Errorf("the validation layer reported %d warnings or errors; the first: %s", n, first)
		}
		e.Close()
	})
	return e
}

func frame(t testing.TB, scene string, n int) *scenes.Frame { return gputest.Frame(t, scene, n) }

// TestMatchesReference renders the sample scenes with Vulkan and with
// render/cpu: at least 99% of pixels within 1/255 and a mean difference
// under 0.5/255, and not a single validation message.
func TestMatchesReference(t *testing.T) {
	gputest.CrossCheck(t, validated(t))
}

// TestProgressAndCancel: progress reaches the total, and a canceled
// context stops the render between dispatches.
func TestProgressAndCancel(t *testing.T) {
	e := validated(t)
	f := frame(t, "cornell", 1)
	s := render.Settings{Width: 300, Height: 300, SPP: 4, MaxBounces: 2}
	var last render.Progress
	if _, _, err := e.Render(context.Background(), f, s, func(p render.Progress) { last = p }); err != nil {
		t.Fatal(err)
	}
	if last.Done != last.Total || last.Total != 300*300*4 {
		t.Fatalf("last progress %+v", last)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := e.Render(ctx, f, s, nil); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("a canceled render: %v", err)
	}
}

// TestNoVulkan plays a machine without libvulkan: the error says what to
// install. It runs in a child process, since the loader is opened once.
func TestNoVulkan(t *testing.T) {
	if os.Getenv("RENDERGRID_LIBVULKAN") != "" {
		_, err := New().Open()
		fmt.Println(err)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestNoVulkan$", "-test.v")
	cmd.Env = append(os.Environ(), "RENDERGRID_LIBVULKAN=libvulkan-missing.so.9")
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "Vulkan is not installed") || !strings.Contains(string(out), "apt install") {
		t.Fatalf("without libvulkan: %s", out)
	}
}

// TestGCStress submits and waits for small dispatches while another
// goroutine runs the garbage collector without pause, with glibc filling
// freed memory (MALLOC_PERTURB_=165): the use-after-free that vulkan-go's
// finalizers allow crashed 2 runs in 6 of 300,000 cycles under these
// conditions. Our binding keeps every Vulkan structure in C for the length
// of a call. 50,000 cycles here (about 25 s on lavapipe, 2 cores); task
// stress runs 300,000 (RENDERGRID_STRESS_CYCLES).
func TestGCStress(t *testing.T) {
	cycles := 50_000
	if n, err := strconv.Atoi(os.Getenv("RENDERGRID_STRESS_CYCLES")); err == nil && n > 0 {
		cycles = n
	} else if testing.Short() {
		cycles = 5_000
	}
	if os.Getenv("MALLOC_PERTURB_") == "" {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestGCStress$", "-test.v", fmt.Sprintf("-test.short=%v", testing.Short()))
		cmd.Env = append(os.Environ(), "MALLOC_PERTURB_=165")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "PASS") {
			t.Fatalf("the stress run failed: %v\n%s", err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "dispatches") {
				t.Log(strings.TrimSpace(l))
			}
		}
		return
	}
	// Without the validation layer, which would triple the time; the other
	// tests run with it.
	e := New()
	if _, err := e.Open(); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f := frame(t, "cornell", 1)
	s := render.Settings{Width: 8, Height: 8, SPP: 1, MaxBounces: 0}
	e.mu.Lock()
	defer e.mu.Unlock()
	// Upload once, then dispatch straight through the binding.
	p := gpu.Pack(f)
	for b, data := range p.Buffers {
		if b == gpu.BindCounters || b == gpu.BindParams {
			continue
		}
		if err := e.ctx.buffer(b, data, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.ctx.buffer(gpu.BindAccum, nil, gpu.AccumBytes(8, 8)); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	gcs := make(chan int)
	go func() {
		n := 0
		for !stop.Load() {
			runtime.GC()
			n++
		}
		gcs <- n
	}()
	start := time.Now()
	var rays uint64
	for i := range cycles {
		params := gpu.Params(f, s, p, nil, gpu.Dispatch{X0: 0, Y0: 0, X1: 8, Y1: 8, S0: i, S1: i + 1})
		n, err := e.ctx.dispatch(params, 1, 1)
		if err != nil {
			t.Fatalf("dispatch %d: %v", i, err)
		}
		rays += uint64(n)
	}
	stop.Store(true)
	t.Logf("%d dispatches submitted and waited for in %s beside %d garbage collections; %d rays", cycles, time.Since(start).Round(time.Millisecond), <-gcs, rays)
	if rays != uint64(cycles)*64 {
		t.Fatalf("%d rays, want one per pixel per dispatch: %d", rays, cycles*64)
	}
	out := make([]byte, gpu.AccumBytes(8, 8))
	if err := e.ctx.read(gpu.BindAccum, out); err != nil {
		t.Fatal(err)
	}
}

// TestOutOfDeviceMemory asks for more than the device has (a driver that
// would fail the allocation answers the same way): the error says so, in
// words a user can act on, and the engine still renders after.
func TestOutOfDeviceMemory(t *testing.T) {
	devs, err := Devices()
	if err != nil {
		t.Fatal(err)
	}
	e := New()
	if _, err := e.Open(); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.mu.Lock()
	size := int(devs[0].MemoryMB+1024) << 20
	err = e.ctx.buffer(gpu.BindTexels, nil, size)
	e.mu.Unlock()
	if err == nil || !strings.Contains(err.Error(), "out of device memory") {
		t.Fatalf("a %d MiB buffer: %v", size>>20, err)
	}
	t.Log(err)
	if _, _, err := e.Render(context.Background(), frame(t, "cornell", 1), render.Settings{Width: 8, Height: 8, SPP: 1, MaxBounces: 1}, nil); err != nil {
		t.Fatalf("rendering after the failure: %v", err)
	}
}

// TestDenoiseMatchesGo denoises a render with passes on the device and
// with render/denoise: the two must agree to float rounding (99.9% of
// values within 1e-3 relative), and a render without passes is refused
// naming the pass.
func TestDenoiseMatchesGo(t *testing.T) {
	e := validated(t)
	f := frame(t, "cornell", 1)
	s := render.Settings{Width: 80, Height: 60, SPP: 8, MaxBounces: 4, Seed: 2, Passes: true}
	img, _, err := cpu.New().Render(context.Background(), f, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Denoise(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	want, err := denoise.Filter(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	for i := range want.Pix {
		if math.Abs(float64(got.Pix[i]-want.Pix[i])) > 1e-3*(math.Abs(float64(want.Pix[i]))+1e-3) {
			off++
		}
	}
	t.Logf("%d of %d values differ by more than 1e-3 relative", off, len(want.Pix))
	if off > len(want.Pix)/1000 {
		t.Errorf("the Vulkan denoiser differs from render/denoise in %d of %d values", off, len(want.Pix))
	}
	bare := *img
	bare.Normal = nil
	if _, err := e.Denoise(context.Background(), &bare); err == nil || !strings.Contains(err.Error(), "normal pass") {
		t.Errorf("denoising without the normal pass: %v; want an error naming it", err)
	}
}
