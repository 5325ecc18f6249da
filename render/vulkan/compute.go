package vulkan

/*
#include <stdlib.h>
#include "vk.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// Compute is an open Vulkan device for general compute kernels: buffers,
// kernels with up to four storage buffers and 64 bytes of push
// constants, and batches of dispatches submitted at once. It is not safe
// for concurrent use.
type Compute struct {
	d *device
}

// OpenCompute opens device index (-1: the best one) for compute;
// validation turns on the Khronos validation layer.
func OpenCompute(index int, validation bool) (*Compute, error) {
	d, err := open(index, validation, nil)
	if err != nil {
		return nil, err
	}
	return &Compute{d: d}, nil
}

// Name is the device's name; Kind its type ("discrete GPU", "CPU", ...).
func (c *Compute) Name() string { return c.d.name() }

// Kind is the device's type.
func (c *Compute) Kind() string { return c.d.kind() }

// Messages returns how many warnings and errors the validation layer
// reported, and the first.
func (c *Compute) Messages() (int, string) { return c.d.messages() }

// Close frees the device.
func (c *Compute) Close() { c.d.close() }

// Buffer is a device-local storage buffer.
type Buffer struct {
	m    *C.rg_mem
	size int
}

// Alloc makes a buffer of size bytes.
func (c *Compute) Alloc(size int) (*Buffer, error) {
	buf := make([]C.char, C.RG_ERRLEN)
	m := C.rg_mem_new(c.d.c, C.size_t(size), &buf[0])
	if m == nil {
		return nil, errors.New(errText(buf))
	}
	return &Buffer{m: m, size: size}, nil
}

// Free frees b.
func (c *Compute) Free(b *Buffer) {
	if b != nil && b.m != nil {
		C.rg_mem_free(c.d.c, b.m)
		b.m = nil
	}
}

// Write copies data to the start of b.
func (c *Compute) Write(b *Buffer, data []float32) error {
	if len(data) == 0 {
		return nil
	}
	buf := make([]C.char, C.RG_ERRLEN)
	if C.rg_mem_write(c.d.c, b.m, unsafe.Pointer(&data[0]), C.size_t(4*len(data)), &buf[0]) != 0 {
		return errors.New(errText(buf))
	}
	return nil
}

// Read copies the start of b into out.
func (c *Compute) Read(b *Buffer, out []float32) error {
	if len(out) == 0 {
		return nil
	}
	buf := make([]C.char, C.RG_ERRLEN)
	if C.rg_mem_read(c.d.c, b.m, unsafe.Pointer(&out[0]), C.size_t(4*len(out)), &buf[0]) != 0 {
		return errors.New(errText(buf))
	}
	return nil
}

// Kernel is a compute pipeline.
type Kernel struct {
	k     *C.rg_kernel
	nbufs int
}

// Kernel builds a pipeline from SPIR-V whose main reads nbufs storage
// buffers at bindings 0..nbufs-1 and a push-constant block.
func (c *Compute) Kernel(spv []byte, nbufs int) (*Kernel, error) {
	if len(spv)%4 != 0 || len(spv) == 0 {
		return nil, errors.New("SPIR-V is not a whole number of words")
	}
	code := C.malloc(C.size_t(len(spv)))
	defer C.free(code)
	copy(unsafe.Slice((*byte)(code), len(spv)), spv)
	buf := make([]C.char, C.RG_ERRLEN)
	k := C.rg_kernel_new(c.d.c, (*C.uint32_t)(code), C.size_t(len(spv)), C.int(nbufs), &buf[0])
	if k == nil {
		return nil, errors.New(errText(buf))
	}
	return &Kernel{k: k, nbufs: nbufs}, nil
}

// FreeKernel frees k.
func (c *Compute) FreeKernel(k *Kernel) {
	if k != nil && k.k != nil {
		C.rg_kernel_free(c.d.c, k.k)
		k.k = nil
	}
}

// Dispatch is one kernel launch of a batch: Groups workgroups of K over
// Bufs, with Push as its push constants (at most 16 words).
type Dispatch struct {
	K      *Kernel
	Bufs   []*Buffer
	Push   []uint32
	Groups [3]int
}

// Run records the dispatches in order, with a memory barrier after each,
// submits them as one batch and waits for the device.
func (c *Compute) Run(ds []Dispatch) error {
	if len(ds) == 0 {
		return nil
	}
	steps := (*[1 << 20]C.rg_step)(C.calloc(C.size_t(len(ds)), C.size_t(unsafe.Sizeof(C.rg_step{}))))[:len(ds):len(ds)]
	defer C.free(unsafe.Pointer(&steps[0]))
	for i, d := range ds {
		if len(d.Bufs) != d.K.nbufs {
			return fmt.Errorf("dispatch %d gives %d buffers to a kernel of %d", i, len(d.Bufs), d.K.nbufs)
		}
		if len(d.Push) > C.RG_PUSH/4 {
			return fmt.Errorf("dispatch %d has %d push-constant words; at most %d", i, len(d.Push), C.RG_PUSH/4)
		}
		s := &steps[i]
		s.k = d.K.k
		for j, b := range d.Bufs {
			s.bufs[j] = b.m
		}
		for j, v := range d.Push {
			s.push[j] = C.uint32_t(v)
		}
		s.gx, s.gy, s.gz = C.uint32_t(max(d.Groups[0], 1)), C.uint32_t(max(d.Groups[1], 1)), C.uint32_t(max(d.Groups[2], 1))
	}
	buf := make([]C.char, C.RG_ERRLEN)
	if C.rg_run(c.d.c, &steps[0], C.int(len(ds)), &buf[0]) != 0 {
		return errors.New(errText(buf))
	}
	return nil
}
