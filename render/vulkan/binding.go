package vulkan

/*
#cgo LDFLAGS: -ldl
#include <stdlib.h>
#include "vk.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"
)

// ErrNoVulkan is returned when libvulkan.so.1 cannot be loaded.
var ErrNoVulkan = errors.New("Vulkan is not installed: libvulkan.so.1 was not found; install your GPU's Vulkan driver, or on Debian/Ubuntu apt install libvulkan1 mesa-vulkan-drivers (lavapipe renders on the CPU)")

// Device types, as Vulkan numbers them.
var deviceTypes = map[int]string{0: "other", 1: "integrated GPU", 2: "discrete GPU", 3: "virtual GPU", 4: "CPU"}

// Device describes a Vulkan device.
type Device struct {
	Index      int    `json:"index"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Driver     string `json:"driver"`
	APIVersion string `json:"api_version"`
	MemoryMB   uint64 `json:"memory_mb"` // device-local
}

func errText(buf []C.char) string { return C.GoString(&buf[0]) }

func load() error {
	buf := make([]C.char, C.RG_ERRLEN)
	if C.rg_load(&buf[0]) != 0 {
		return fmt.Errorf("%w (%s)", ErrNoVulkan, errText(buf))
	}
	return nil
}

// Devices lists the machine's Vulkan devices.
func Devices() ([]Device, error) {
	if err := load(); err != nil {
		return nil, err
	}
	var devs [32]C.rg_device
	var n C.int
	buf := make([]C.char, C.RG_ERRLEN)
	if C.rg_devices(&devs[0], 32, &n, &buf[0]) != 0 {
		return nil, errors.New(errText(buf))
	}
	out := make([]Device, int(n))
	for i := range out {
		d := &devs[i]
		out[i] = Device{
			Index: i, Name: C.GoString(&d.name[0]), Type: deviceTypes[int(d._type)], Driver: strings.TrimSpace(C.GoString(&d.driver[0])),
			APIVersion: versionString(uint32(d.api_version)), MemoryMB: uint64(d.memory) >> 20,
		}
	}
	return out, nil
}

// device is an open device with the compute pipeline. It is not safe for
// concurrent use.
type device struct {
	c *C.rg_ctx
}

// open opens device index (-1: the best) with the shader spv (nil: no
// pipeline, for Compute); validation turns on the Khronos validation layer.
func open(index int, validation bool, spv []byte) (*device, error) {
	if err := load(); err != nil {
		return nil, err
	}
	var code unsafe.Pointer
	if spv != nil {
		if len(spv)%4 != 0 || len(spv) == 0 {
			return nil, errors.New("SPIR-V is not a whole number of words")
		}
		code = C.malloc(C.size_t(len(spv)))
		defer C.free(code)
		copy(unsafe.Slice((*byte)(code), len(spv)), spv)
	}
	buf := make([]C.char, C.RG_ERRLEN)
	v := C.int(0)
	if validation {
		v = 1
	}
	c := C.rg_open(C.int(index), v, (*C.uint32_t)(code), C.size_t(len(spv)), &buf[0])
	if c == nil {
		return nil, errors.New(errText(buf))
	}
	return &device{c: c}, nil
}

func (c *device) name() string { return C.GoString(C.rg_device_name(c.c)) }

func (c *device) kind() string { return deviceTypes[int(C.rg_device_type(c.c))] }

func (c *device) apiVersion() string { return versionString(uint32(C.rg_device_api(c.c))) }

func versionString(v uint32) string { return fmt.Sprintf("%d.%d.%d", v>>22, (v>>12)&0x3ff, v&0xfff) }

// buffer fills a storage binding with data (zeros when data is nil and
// size > 0).
func (c *device) buffer(binding int, data []byte, size int) error {
	buf := make([]C.char, C.RG_ERRLEN)
	var rc C.int
	if data == nil {
		rc = C.rg_zero(c.c, C.int(binding), C.size_t(size), &buf[0])
	} else {
		var p unsafe.Pointer
		if len(data) > 0 {
			p = unsafe.Pointer(&data[0])
		}
		rc = C.rg_buffer(c.c, C.int(binding), p, C.size_t(len(data)), &buf[0])
		if len(data) == 0 && rc == 0 {
			return nil
		}
	}
	if rc != 0 {
		return errors.New(errText(buf))
	}
	return nil
}

// dispatch runs the shader over gx×gy workgroups with params and returns
// the rays it cast.
func (c *device) dispatch(params []byte, gx, gy int) (uint32, error) {
	buf := make([]C.char, C.RG_ERRLEN)
	var rays C.uint32_t
	if C.rg_dispatch(c.c, unsafe.Pointer(&params[0]), C.size_t(len(params)), C.uint32_t(gx), C.uint32_t(gy), &rays, &buf[0]) != 0 {
		return 0, errors.New(errText(buf))
	}
	return uint32(rays), nil
}

// read copies a binding's first len(out) bytes back.
func (c *device) read(binding int, out []byte) error {
	buf := make([]C.char, C.RG_ERRLEN)
	if C.rg_read(c.c, C.int(binding), unsafe.Pointer(&out[0]), C.size_t(len(out)), &buf[0]) != 0 {
		return errors.New(errText(buf))
	}
	return nil
}

// messages returns how many warnings and errors the validation layer
// reported, and the first.
func (c *device) messages() (int, string) {
	buf := make([]C.char, C.RG_ERRLEN)
	n := C.rg_messages(c.c, &buf[0])
	return int(n), errText(buf)
}

func (c *device) close() {
	if c.c != nil {
		C.rg_close(c.c)
		c.c = nil
	}
}
