// Package vulkan is the Vulkan compute engine: it runs the path tracer of
// package shaders on a GPU (or on Mesa's lavapipe, on the CPU) through a
// small Vulkan binding of our own, written in C against the system's
// Vulkan headers (vk.c). libvulkan.so.1 is opened at run time, so a binary
// on a machine without Vulkan starts and says what to install. Every Vulkan
// structure is built and freed in C; Go passes only plain byte slices for
// the length of a call.
package vulkan
