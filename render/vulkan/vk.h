// The C half of rendergrid's own Vulkan binding: just the compute subset
// render/vulkan needs. libvulkan.so.1 is opened at run time (dlopen), so a
// binary on a machine without Vulkan starts and says what to install. All
// Vulkan structs live on the C stack or heap and are freed here: no Go
// memory is ever held by the driver past a call.
#ifndef RG_VK_H
#define RG_VK_H
#include <stddef.h>
#include <stdint.h>

#define RG_BINDINGS 15
#define RG_PARAMS_BINDING 11
#define RG_COUNTER_BINDING 10
#define RG_ERRLEN 512

typedef struct {
	char name[256];
	char driver[256];
	int type; // VkPhysicalDeviceType
	uint32_t api_version;
	uint64_t memory; // device-local bytes
} rg_device;

typedef struct rg_ctx rg_ctx;

int rg_load(char *err);
int rg_devices(rg_device *out, int max, int *n, char *err);
rg_ctx *rg_open(int device, int validation, const uint32_t *spv, size_t spv_len, char *err);
int rg_buffer(rg_ctx *c, int binding, const void *data, size_t size, char *err);
int rg_zero(rg_ctx *c, int binding, size_t size, char *err);
int rg_dispatch(rg_ctx *c, const void *params, size_t params_len, uint32_t gx, uint32_t gy, uint32_t *rays, char *err);
int rg_read(rg_ctx *c, int binding, void *out, size_t size, char *err);
int rg_messages(rg_ctx *c, char *first);
const char *rg_device_name(rg_ctx *c);
int rg_device_type(rg_ctx *c);
uint32_t rg_device_api(rg_ctx *c);
void rg_close(rg_ctx *c);

// Generic compute (render/vulkan's Compute): rg_open with spv NULL opens
// the device alone.
#define RG_STEP_BUFS 4
#define RG_PUSH 64
typedef struct rg_kernel rg_kernel;
typedef struct rg_mem rg_mem;
typedef struct {
	rg_kernel *k;
	rg_mem *bufs[RG_STEP_BUFS];
	uint32_t push[RG_PUSH / 4];
	uint32_t gx, gy, gz;
} rg_step;
rg_kernel *rg_kernel_new(rg_ctx *c, const uint32_t *spv, size_t len, int nbufs, char *err);
void rg_kernel_free(rg_ctx *c, rg_kernel *k);
rg_mem *rg_mem_new(rg_ctx *c, size_t size, char *err);
void rg_mem_free(rg_ctx *c, rg_mem *m);
int rg_mem_write(rg_ctx *c, rg_mem *m, const void *data, size_t size, char *err);
int rg_mem_read(rg_ctx *c, rg_mem *m, void *out, size_t size, char *err);
int rg_run(rg_ctx *c, const rg_step *steps, int n, char *err);
#endif
